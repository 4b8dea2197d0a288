import { EVENT_TYPES, type ResourceBookabilityChangedEvent } from "@booking/contracts";
import type { EventConsumer } from "@booking/events";
import { normaliseId } from "@booking/common";
import { BOOKING_TRANSACTION } from "../booking/booking-reservation.service.js";
import type { BookingsUnitOfWork } from "../repositories.js";
import type { WaitlistLine } from "./waitlist-line.js";

/**
 * A resource that may take more bookings than before (resources publishes it: a larger capacity,
 * the resource or its business ACTIVE again) has its line served, in the
 * consumer's transaction under the resource's lock, once per event.
 */
export function waitlistBookabilityConsumer(uow: BookingsUnitOfWork, line: WaitlistLine): EventConsumer<BookingsUnitOfWork["repositories"]> {
  return {
    name: "bookings-serve-waitlists",
    eventTypes: [EVENT_TYPES.resourceBookabilityChanged],
    transaction: (work) => uow.transaction(work, BOOKING_TRANSACTION),
    async handle(event, repositories) {
      const resourceId = normaliseId(String((event.payload as Partial<ResourceBookabilityChangedEvent>).resourceId ?? ""));
      if (resourceId) await line.serveResource(repositories, resourceId);
    },
  };
}
