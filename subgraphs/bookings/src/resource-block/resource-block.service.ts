import { AppError, Role, badInput, forbidden, normaliseId, notFound, optionalText, unauthenticated, type Viewer } from "@booking/common";
import type { ResourceFacts } from "@booking/contracts";
import type { ResourceCatalog } from "../catalog/resource-catalog.js";
import { BOOKING_TRANSACTION } from "../booking/booking-reservation.service.js";
import type { BookingsRepositories, BookingsUnitOfWork } from "../repositories.js";
import type { WaitlistLine } from "../waitlist/waitlist-line.js";
import type { ResourceBlockRow } from "./resource-block.repository.js";

export const BLOCK_REASON_LIMIT = 500;

/**
 * blockResource and unblockResource. A block takes every unit of its resource for its range,
 * so it is written like a booking: under the resource's advisory lock, in the bookings
 * database, refused (SLOT_UNAVAILABLE) where a live booking already holds any unit, and a
 * booking is refused where a block lies (BookingReservationService checks in its transaction).
 */
export class ResourceBlockService {
  constructor(
    private readonly uow: BookingsUnitOfWork,
    private readonly catalog: ResourceCatalog,
    private readonly viewer: Viewer | null,
    private readonly line: WaitlistLine,
  ) {}

  async block(resourceId: string, start: Date, end: Date, reason: string | null | undefined): Promise<ResourceBlockRow> {
    const facts = await this.manageableResource(resourceId);
    if (end.getTime() <= start.getTime()) throw badInput("end", "end must be after start");
    const data = { resourceId: facts.resource.id, businessId: facts.business.id, startTime: start, endTime: end, reason: optionalText(reason, "reason", BLOCK_REASON_LIMIT) ?? null };
    const outcome = await this.uow.transaction(async ({ changes, blocks }) => {
      await changes.lockResource(data.resourceId);
      const expired = await changes.expireOverdueHoldsOf(data.resourceId);
      const booked = (await changes.peakUnitsInUse(data.resourceId, start, end)) > 0;
      const created = booked ? null : await blocks.insert(data);
      await changes.appendEvents(expired);
      return created;
    }, BOOKING_TRANSACTION);
    if (!outcome) throw new AppError("SLOT_UNAVAILABLE", "Live bookings hold units of this resource in that range; cancel them before blocking it");
    return outcome;
  }

  /** NOT_FOUND for unknown, malformed or already removed blocks, and for blocks of resources the caller may not know exist. */
  async unblock(blockId: string): Promise<boolean> {
    requireManager(this.viewer);
    const id = normaliseId(blockId);
    const block = id ? await this.uow.repositories.blocks.find(id) : null;
    if (!block) throw notFound("Block");
    const facts = await this.catalog.facts(block.resourceId);
    if (!facts) throw notFound("Block");
    assertCanManage(this.viewer!, facts, "Block");
    const removed = await this.uow.transaction(async (repositories) => {
      await repositories.changes.lockResource(block.resourceId);
      return this.removeBlockAndFreeUnits(repositories, block, facts);
    }, BOOKING_TRANSACTION);
    if (!removed) throw notFound("Block");
    return true;
  }

  /**
   * The one place a block's units come free, inside the unblock transaction and under the
   * resource's lock: whatever must react to freed units in the same transaction (serving the
   * waitlist) is called here. False when someone else removed the block first.
   */
  private async removeBlockAndFreeUnits(repositories: BookingsRepositories, block: ResourceBlockRow, facts: ResourceFacts): Promise<boolean> {
    if (!(await repositories.blocks.delete(block.id))) return false;
    const { changes } = repositories;
    const expired = await changes.expireOverdueHoldsOf(block.resourceId);
    const offers = await this.line.serve(repositories, await this.line.factsFor(repositories, block.resourceId, facts));
    await changes.appendEvents([...expired, ...offers]);
    return true;
  }

  /** The resource (with its business) the caller may block; the catalog's facts decide. */
  private async manageableResource(resourceId: string): Promise<ResourceFacts> {
    const viewer = requireManager(this.viewer);
    const id = normaliseId(resourceId);
    const facts = id ? await this.catalog.facts(id) : null;
    if (!facts) throw notFound("Resource");
    assertCanManage(viewer, facts, "Resource");
    return facts;
  }
}

/** Anonymous callers: UNAUTHENTICATED; customers: FORBIDDEN, whatever they name. */
function requireManager(viewer: Viewer | null): Viewer {
  if (!viewer) throw unauthenticated();
  if (viewer.role !== Role.VENDOR && viewer.role !== Role.ADMIN) throw forbidden("Only a business's owner or an admin can change its catalog");
  return viewer;
}

/**
 * The catalog's access rule (resources' BusinessAccess) on the facts bookings reads: admins
 * may; the owner may unless an admin DELETED the business; another vendor gets FORBIDDEN for a
 * resource the public can see (ACTIVE, of an ACTIVE business) and NOT_FOUND for any other.
 */
function assertCanManage(viewer: Viewer, facts: ResourceFacts, what: string): void {
  if (viewer.role === Role.ADMIN) return;
  if (facts.business.ownerId === viewer.userId) {
    if (facts.business.status === "DELETED") throw forbidden("This business is deleted; only an admin can change it");
    return;
  }
  if (facts.business.status === "ACTIVE" && facts.resource.status === "ACTIVE") throw forbidden("This belongs to another vendor's business");
  throw notFound(what);
}
