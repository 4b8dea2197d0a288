import { Role, forbidden, notFound, unauthenticated, type Viewer } from "@booking/common";
import type { ReplicaBusiness } from "./business.repository.js";
import type { BusinessReplica } from "./business-replica.js";

/**
 * Who may change a business's catalog (resources, categories; bookings applies the same rule to blocks), decided once:
 * - anonymous callers: UNAUTHENTICATED; customers: FORBIDDEN, whatever they name;
 * - admins: any business;
 * - the owner: their business, unless it is DELETED (read-only but to admins: FORBIDDEN);
 * - another vendor: FORBIDDEN for what the public can see, NOT_FOUND for what it may not
 *   know exists (a non-ACTIVE business, a resource that is not publicly listed);
 * - unknown and malformed ids: NOT_FOUND.
 */
export class BusinessAccess {
  constructor(
    private readonly viewer: Viewer | null,
    private readonly replica: BusinessReplica,
  ) {}

  /** The caller, when they are someone who may manage a catalog at all. */
  requireManager(): Viewer {
    if (!this.viewer) throw unauthenticated();
    if (this.viewer.role !== Role.VENDOR && this.viewer.role !== Role.ADMIN) throw forbidden("Only a business's owner or an admin can change its catalog");
    return this.viewer;
  }

  /** The business (current facts) whose catalog the caller may change. */
  async manageableBusiness(businessId: string): Promise<ReplicaBusiness> {
    const viewer = this.requireManager();
    const business = await this.replica.current(businessId);
    if (!business) throw notFound("Business");
    this.assertCanManage(viewer, business, business.status === "ACTIVE", "Business");
    return business;
  }

  /**
   * For something of a business (a resource): `publiclyVisible` says whether the
   * public can see it, which decides between FORBIDDEN and NOT_FOUND for other vendors.
   */
  async assertCanManagePartOf(what: string, businessId: string, publiclyVisible: (business: ReplicaBusiness) => boolean): Promise<ReplicaBusiness> {
    const viewer = this.requireManager();
    const business = await this.replica.current(businessId);
    if (!business) throw notFound(what);
    this.assertCanManage(viewer, business, publiclyVisible(business), what);
    return business;
  }

  private assertCanManage(viewer: Viewer, business: ReplicaBusiness, publiclyVisible: boolean, what: string): void {
    if (viewer.role === Role.ADMIN) return;
    if (business.ownerId === viewer.userId) {
      if (business.status === "DELETED") throw forbidden("This business is deleted; only an admin can change it");
      return;
    }
    if (publiclyVisible) throw forbidden("This belongs to another vendor's business");
    throw notFound(what);
  }
}
