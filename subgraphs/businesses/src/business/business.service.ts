import { Role, badInput, forbidden, isId, loaderByKey, normaliseId, notFound, optionalText, pageRequest, toConnection, unauthenticated, wellFormedIds, type Connection, type Viewer } from "@booking/common";
import { type BusinessType, BusinessStatus } from "@booking/contracts";
import type { BusinessesUnitOfWork } from "../repositories.js";
import { BUSINESS_LIMITS, businessChanges, newBusinessFields } from "./business.input.js";
import type { BusinessChanges, BusinessRepository, BusinessRow } from "./business.repository.js";
import { type CreateBusinessInput, type UpdateBusinessInput } from "./business.type.js";

export interface BusinessListRequest {
  type?: BusinessType | null;
  status?: BusinessStatus | null;
  city?: string | null;
  search?: string | null;
}

/** The longest text a list searches for. */
const SEARCH_LIMIT = 200;

/** What an owner may switch between; every other status is an admin's decision. */
const OWNER_STATUSES: readonly `${BusinessStatus}`[] = [BusinessStatus.ACTIVE, BusinessStatus.INACTIVE];

/** The rules about businesses, for one request (its viewer and its loaders). */
export class BusinessService {
  private readonly businesses: BusinessRepository;
  private readonly byId;
  private readonly byOwnerId;

  constructor(
    private readonly uow: BusinessesUnitOfWork,
    private readonly viewer: Viewer | null,
  ) {
    this.businesses = uow.repositories.businesses;
    this.byId = loaderByKey((ids: readonly string[]) => this.businesses.findByIds(wellFormedIds(ids)), (row) => row.id);
    this.byOwnerId = loaderByKey((ownerIds: readonly string[]) => this.businesses.findByOwnerIds(wellFormedIds(ownerIds)), (row) => row.ownerId);
  }

  /** A business another subgraph points at (Booking.business...): null when unknown or hidden from the viewer. */
  byReference(id: string): Promise<BusinessRow | null> {
    return this.business(id);
  }

  async business(id: string): Promise<BusinessRow | null> {
    if (!isId(id)) return null;
    // UUIDs are case-insensitive; PostgreSQL returns them in lower case, and loaders match keys exactly
    return this.visible(await this.byId.load(id.toLowerCase()));
  }

  /** The one business a vendor owns, if the viewer may see it. */
  async ofOwner(ownerId: string): Promise<BusinessRow | null> {
    if (!isId(ownerId)) return null;
    const business = await this.byOwnerId.load(ownerId.toLowerCase());
    if (business) this.byId.prime(business.id, business);
    return this.visible(business);
  }

  async list(request: BusinessListRequest, first: number | null | undefined, after: string | null | undefined): Promise<Connection<BusinessRow>> {
    const page = pageRequest(first, after);
    optionalText(request.search, "search", SEARCH_LIMIT);
    optionalText(request.city, "city", BUSINESS_LIMITS.city);
    const { rows, totalCount } = await this.businesses.list({ ...request, statuses: this.listableStatuses(request.status) }, page);
    for (const row of rows) this.byId.prime(row.id, row);
    return toConnection(rows, page, totalCount);
  }

  /** VENDOR only, one business each (the database's unique owner index decides races); starts PENDING, unverified. */
  async create(input: CreateBusinessInput): Promise<BusinessRow> {
    const vendor = this.requireRole([Role.VENDOR]);
    const fields = newBusinessFields(input);
    const row = await this.businesses.create({ ...fields, ownerId: vendor.userId, status: BusinessStatus.PENDING, isVerified: false });
    return this.changed(row);
  }

  /** The owner or an admin; a DELETED business is read-only to its owner. */
  async update(id: string, input: UpdateBusinessInput): Promise<BusinessRow> {
    const viewer = this.requireRole([Role.VENDOR, Role.ADMIN]);
    const changes = businessChanges(input);
    const row = await this.changeExisting(id, (business) => {
      this.assertCanManage(viewer, business);
      return Object.keys(changes).length > 0 ? changes : null;
    });
    return this.changed(row);
  }

  /** Admins: PENDING -> ACTIVE and verified. Verifying again changes nothing; any other status only gains the mark. */
  async verify(id: string): Promise<BusinessRow> {
    this.requireRole([Role.ADMIN]);
    const row = await this.changeExisting(id, (business) => {
      if (business.status === BusinessStatus.PENDING) return { status: BusinessStatus.ACTIVE, isVerified: true };
      return business.isVerified ? null : { isVerified: true };
    });
    return this.changed(row);
  }

  /**
   * Owners switch their business between ACTIVE and INACTIVE only; admins set any status,
   * SUSPENDED and DELETED (a soft delete: the row and its history stay) included. Nobody
   * puts a business back to PENDING: that is where businesses start, before verification.
   */
  async setStatus(id: string, status: BusinessStatus): Promise<BusinessRow> {
    const viewer = this.requireRole([Role.VENDOR, Role.ADMIN]);
    if (status === BusinessStatus.PENDING) throw badInput("status", "A business cannot be put back to PENDING");
    const row = await this.changeExisting(id, (business) => {
      this.assertCanManage(viewer, business);
      if (viewer.role !== Role.ADMIN && !(OWNER_STATUSES.includes(business.status) && OWNER_STATUSES.includes(status))) {
        throw forbidden("Owners switch their business between ACTIVE and INACTIVE only; other statuses are set by admins");
      }
      return business.status === status ? null : { status };
    });
    return this.changed(row);
  }

  /** ACTIVE businesses are public; any other status is for the owner and admins only. */
  canSeeBusiness(business: Pick<BusinessRow, "ownerId" | "status">): boolean {
    if (business.status === BusinessStatus.ACTIVE) return true;
    return this.viewer !== null && (this.viewer.role === Role.ADMIN || this.viewer.userId === business.ownerId);
  }

  /**
   * Who may change a business: admins, and its owner unless it is DELETED. Anyone else gets
   * FORBIDDEN for a business they can see (ACTIVE) and NOT_FOUND for one they may not know exists.
   */
  private assertCanManage(viewer: Viewer, business: BusinessRow): void {
    if (viewer.role === Role.ADMIN) return;
    if (business.ownerId === viewer.userId) {
      if (business.status === BusinessStatus.DELETED) throw forbidden("This business is deleted; only an admin can change it");
      return;
    }
    if (this.canSeeBusiness(business)) throw forbidden("This business belongs to another vendor");
    throw notFound("Business");
  }

  /**
   * Locks one business for a transaction and writes what `decide` answers for it (nothing when
   * it answers null); `decide` may throw to leave everything as it was.
   */
  private async changeExisting(id: string, decide: (business: BusinessRow) => BusinessChanges | null): Promise<BusinessRow> {
    const businessId = normaliseId(id);
    const row = businessId
      ? await this.uow.transaction(async ({ businesses }) => {
          const current = await businesses.lock(businessId);
          if (!current) return null;
          const changes = decide(current);
          return changes === null ? current : businesses.update(businessId, changes);
        })
      : null;
    if (!row) throw notFound("Business");
    return row;
  }

  /**
   * After commit: the change's facts are on their way to the resources replica (a trigger
   * published them in the transaction); answer with the new row.
   */
  private changed(row: BusinessRow): BusinessRow {
    this.byId.clear(row.id).prime(row.id, row);
    return row;
  }

  /** UNAUTHENTICATED when anonymous, FORBIDDEN for any other role. */
  private requireRole(roles: readonly Role[]): Viewer {
    if (!this.viewer) throw unauthenticated();
    if (!roles.includes(this.viewer.role)) throw forbidden(`Only ${roles.join(" or ").toLowerCase()}s can do this`);
    return this.viewer;
  }

  /** Lists show non-admins ACTIVE businesses only (their own included); admins may ask for any status. */
  private listableStatuses(requested: BusinessStatus | null | undefined): BusinessStatus[] | undefined {
    if (this.viewer?.role === Role.ADMIN) return requested ? [requested] : undefined;
    return [BusinessStatus.ACTIVE].filter((status) => !requested || status === requested);
  }

  private visible(business: BusinessRow | null): BusinessRow | null {
    return business && this.canSeeBusiness(business) ? business : null;
  }
}
