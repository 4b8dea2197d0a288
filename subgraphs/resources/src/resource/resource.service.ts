import {
  isId,
  loaderByKey,
  loaderByParentAndArgs,
  pageRequest,
  toConnection,
  wellFormedIds,
  type Connection,
  type ResourceType,
} from "@booking/common";
import type { Visibility } from "../visibility.js";
import type { BusinessResourcesRequest, ResourceListFilter, ResourceRepository, ResourceRow } from "./resource.repository.js";

/** The rules about resources, for one request (what its viewer may see, and its loaders). */
export class ResourceService {
  private readonly byId;
  private readonly pagesOfBusinesses;

  constructor(
    private readonly resources: ResourceRepository,
    private readonly visibility: Visibility,
  ) {
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
    // a malformed business id names no business: an empty list, not an error
    if (filter.businessId != null && !isId(filter.businessId)) return toConnection([], page, 0);
    const { rows, totalCount } = await this.resources.list(filter, page, this.visibility);
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

  private prime(rows: ResourceRow[]): void {
    for (const row of rows) this.byId.prime(row.id, row);
  }
}
