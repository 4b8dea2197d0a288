import { badInput, isId, loaderByKey, loaderByParentAndArgs, normaliseId, notFound, optionalText, pageRequest, toConnection, wellFormedIds, type Connection } from "@booking/common";
import { type ResourceType, ResourceStatus } from "@booking/contracts";
import { Decimal } from "decimal.js";
import type { BusinessAccess } from "../business/business-access.js";
import type { ResourcesUnitOfWork } from "../repositories.js";
import type { Visibility } from "../visibility.js";
import { newResourceFields, resourceChanges, type OpeningInterval, type ResourceFields } from "./resource.input.js";
import type { BusinessResourcesRequest, ResourceChanges, ResourceListFilter, ResourceRepository, ResourceRow } from "./resource.repository.js";
import { type CreateResourceInput, type UpdateResourceInput } from "./resource.type.js";

/** The longest text a list searches for. */
const SEARCH_LIMIT = 200;

/** The rules about resources, for one request (what its viewer may see and change, and its loaders). */
export class ResourceService {
  private readonly resources: ResourceRepository;
  private readonly byId;
  private readonly pagesOfBusinesses;

  constructor(
    private readonly uow: ResourcesUnitOfWork,
    private readonly visibility: Visibility,
    private readonly access: BusinessAccess,
  ) {
    this.resources = uow.repositories.resources;
    this.byId = loaderByKey((ids: readonly string[]) => this.resources.findByIds(wellFormedIds(ids), this.visibility), (row) => row.id);
    this.pagesOfBusinesses = loaderByParentAndArgs((businessIds: string[], request: BusinessResourcesRequest) =>
      this.resources.pagesOfBusinesses(businessIds, request, this.visibility),
    );
  }

  /** A resource another subgraph points at (Booking.resource...): null when unknown or hidden from the viewer. */
  byReference(id: string): Promise<ResourceRow | null> {
    return this.resource(id);
  }

  async resource(id: string): Promise<ResourceRow | null> {
    // UUIDs are case-insensitive; PostgreSQL returns them in lower case, and loaders match keys exactly
    return isId(id) ? this.byId.load(id.toLowerCase()) : null;
  }

  async list(filter: ResourceListFilter, first: number | null | undefined, after: string | null | undefined): Promise<Connection<ResourceRow>> {
    const page = pageRequest(first, after);
    optionalText(filter.search, "search", SEARCH_LIMIT);
    optionalText(filter.city, "city", SEARCH_LIMIT);
    if (filter.minPrice != null && filter.maxPrice != null && new Decimal(filter.minPrice).greaterThan(filter.maxPrice)) {
      throw badInput("maxPrice", "maxPrice must not be below minPrice");
    }
    // a malformed business id names no business: an empty list, not an error
    if (filter.businessId != null && !isId(filter.businessId)) return toConnection([], page, 0);
    const { rows, totalCount } = await this.resources.list({ ...filter, businessId: filter.businessId?.toLowerCase() }, page, this.visibility);
    this.prime(rows);
    return toConnection(rows, page, totalCount);
  }

  /** Business.resources: the pages of many businesses come from one query. */
  async ofBusiness(
    businessId: string,
    first: number | null | undefined,
    after: string | null | undefined,
    type: ResourceType | null | undefined,
  ): Promise<Connection<ResourceRow>> {
    const page = pageRequest(first, after);
    if (!isId(businessId)) return toConnection([], page, 0);
    const { rows, totalCount } = await this.pagesOfBusinesses.load({ parentId: businessId.toLowerCase(), args: { page, type: type ?? undefined } });
    this.prime(rows);
    return toConnection(rows, page, totalCount);
  }

  /** The business's owner or an admin; whatever the business's status, so a vendor can prepare a catalog before verification. */
  async create(businessId: string, input: CreateResourceInput): Promise<ResourceRow> {
    const business = await this.access.manageableBusiness(businessId);
    const fields = newResourceFields(input);
    const categoryId = await this.categoryOf(business.id, fields.categoryId);
    const row = await this.resources.insert({
      ...fields,
      businessId: business.id,
      categoryId,
      status: ResourceStatus.ACTIVE,
    });
    this.prime([row]);
    return row;
  }

  async update(id: string, input: UpdateResourceInput): Promise<ResourceRow> {
    const existing = await this.manageable(id);
    const categoryId = input.categoryId === undefined ? undefined : await this.categoryOf(existing.businessId, input.categoryId);
    const row = await this.change(existing.id, (current) => {
      const changes = resourceChanges(fieldsOf(current), input);
      return Object.keys(changes).length === 0 ? null : { ...changes, categoryId };
    });
    return this.changed(row);
  }

  /** The business's owner or an admin, any status; DELETED is a soft delete the owner can undo. */
  async setStatus(id: string, status: ResourceStatus): Promise<ResourceRow> {
    const existing = await this.manageable(id);
    const row = await this.change(existing.id, (current) => (current.status === status ? null : { status }));
    return this.changed(row);
  }

  /**
   * A resource the caller may change, whatever its status: NOT_FOUND for unknown and
   * malformed ids, and for another vendor's resource the public cannot see; FORBIDDEN for
   * another vendor's public one.
   */
  async manageable(id: string): Promise<ResourceRow> {
    this.access.requireManager();
    const resourceId = normaliseId(id);
    const row = resourceId ? await this.resources.findAny(resourceId) : null;
    if (!row) throw notFound("Resource");
    await this.access.assertCanManagePartOf("Resource", row.businessId, (business) => business.status === "ACTIVE" && row.status === ResourceStatus.ACTIVE);
    return row;
  }

  /** A category id given in an input: it must name a category of this business. */
  private async categoryOf(businessId: string, categoryId: string | null): Promise<string | null> {
    if (categoryId === null) return null;
    const id = normaliseId(categoryId);
    if (!id || !(await this.uow.repositories.categories.existsIn(businessId, id))) throw badInput("categoryId", "categoryId must name a category of this resource's business");
    return id;
  }

  /**
   * Locks one resource for a transaction and writes what `decide` answers for it (nothing when
   * it answers null); `decide` may throw to leave everything as it was. Null when there is no such resource.
   */
  private change(id: string, decide: (row: ResourceRow) => ResourceChanges | null): Promise<ResourceRow | null> {
    return this.uow.transaction(async ({ resources, bookability }) => {
      const current = await resources.lock(id);
      if (!current) return null;
      const changes = decide(current);
      if (changes === null) return current;
      const changed = await resources.update(id, changes);
      // more room than before: bookings serves the resource's waitlist
      if (changed.capacity > current.capacity) await bookability.announce([id], "CAPACITY_INCREASED");
      else if (changed.status === ResourceStatus.ACTIVE && current.status !== ResourceStatus.ACTIVE) await bookability.announce([id], "RESOURCE_ACTIVE");
      return changed;
    });
  }

  private changed(row: ResourceRow | null): ResourceRow {
    // the row was found a moment ago; it is never hard-deleted
    if (!row) throw notFound("Resource");
    this.byId.clear(row.id).prime(row.id, row);
    return row;
  }

  private prime(rows: ResourceRow[]): void {
    for (const row of rows) this.byId.prime(row.id, row);
  }
}

/** A stored row as the input rules see it. */
function fieldsOf(row: ResourceRow): ResourceFields {
  return {
    name: row.name,
    description: row.description,
    categoryId: row.categoryId,
    metadata: row.metadata as Record<string, unknown>,
    price: new Decimal(row.price.toString()),
    currency: row.currency,
    priceUnit: row.priceUnit as ResourceFields["priceUnit"],
    capacity: row.capacity,
    slotMinutes: row.slotMinutes,
    openingHours: row.openingHours as unknown as OpeningInterval[],
    freeCancellationHours: row.freeCancellationHours,
  };
}
