import { Role, isId, loaderByKey, pageRequest, toConnection, wellFormedIds, type BusinessType, type Connection, type Viewer } from "@booking/common";
import type { BusinessRepository, BusinessRow } from "./business.repository.js";
import { BusinessStatus } from "./business.type.js";

export interface BusinessListRequest {
  type?: BusinessType | null;
  status?: BusinessStatus | null;
  city?: string | null;
  search?: string | null;
}

/** The rules about businesses, for one request (its viewer and its loaders). */
export class BusinessService {
  private readonly byId;
  private readonly byOwnerId;

  constructor(
    private readonly businesses: BusinessRepository,
    private readonly viewer: Viewer | null,
  ) {
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
    const { rows, totalCount } = await this.businesses.list({ ...request, statuses: this.listableStatuses(request.status) }, page);
    for (const row of rows) this.byId.prime(row.id, row);
    return toConnection(rows, page, totalCount);
  }

  /** ACTIVE businesses are public; any other status is for the owner and admins only. */
  canSeeBusiness(business: Pick<BusinessRow, "ownerId" | "status">): boolean {
    if (business.status === BusinessStatus.ACTIVE) return true;
    return this.viewer !== null && (this.viewer.role === Role.ADMIN || this.viewer.userId === business.ownerId);
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
