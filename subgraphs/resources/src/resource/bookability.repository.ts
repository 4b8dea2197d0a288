import { EVENT_TYPES, type ResourceBookabilityChangedEvent } from "@booking/contracts";
import { publishEvent } from "@booking/events";
import type { DbClient } from "./resource.repository.js";

/**
 * Tells bookings, through the backbone's outbox in the caller's transaction, that resources may
 * take more bookings than before: bookings serves their waitlists. Published only if the change commits.
 */
export class BookabilityRepository {
  constructor(private readonly db: DbClient) {}

  async announce(resourceIds: readonly string[], reason: ResourceBookabilityChangedEvent["reason"]): Promise<void> {
    for (const resourceId of resourceIds) {
      const event: ResourceBookabilityChangedEvent = { resourceId, reason };
      await publishEvent(this.db, { type: EVENT_TYPES.resourceBookabilityChanged, source: "resources", payload: { ...event } });
    }
  }

  /** The ACTIVE resources of businesses (those a business becoming ACTIVE again makes bookable). */
  async activeResourcesOf(businessIds: readonly string[]): Promise<string[]> {
    if (businessIds.length === 0) return [];
    const rows = await this.db.resource.findMany({ where: { businessId: { in: [...businessIds] }, status: "ACTIVE" }, select: { id: true } });
    return rows.map((row) => row.id);
  }
}
