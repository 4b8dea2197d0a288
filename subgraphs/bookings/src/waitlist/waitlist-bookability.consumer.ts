import { EVENT_TYPES, type ResourceBookabilityChangedEvent } from "@booking/contracts";
import type { EventConsumer } from "@booking/events";
import { normaliseId } from "@booking/common";
import type { DbClient, EventTransactions } from "../booking/booking-changes.repository.js";
import { bookingsRepositories } from "../repositories.js";
import type { WaitlistLine } from "./waitlist-line.js";

/**
 * A resource that may take more bookings than before (resources publishes it: a larger capacity,
 * the resource or its business ACTIVE again) has its line served, in the
 * consumer's transaction under the resource's lock, once per event.
 */
export function waitlistBookabilityConsumer(transaction: EventTransactions, line: WaitlistLine): EventConsumer<DbClient> {
  return {
    name: "bookings-serve-waitlists",
    eventTypes: [EVENT_TYPES.resourceBookabilityChanged],
    transaction,
    async handle(event, tx) {
      const resourceId = normaliseId(String((event.payload as Partial<ResourceBookabilityChangedEvent>).resourceId ?? ""));
      if (resourceId) await line.serveResource(bookingsRepositories(tx), resourceId);
    },
  };
}
