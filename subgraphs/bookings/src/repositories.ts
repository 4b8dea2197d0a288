import type { UnitOfWorkOf } from "@booking/common";
import { EventInboxRepository } from "@booking/events";
import { BookingOutboxRepository } from "./booking-event/booking-outbox.repository.js";
import { BookingChangeRepository, type DbClient } from "./booking/booking-changes.repository.js";
import { BookingRepository } from "./booking/booking.repository.js";
import { ResourceBlockRepository } from "./resource-block/resource-block.repository.js";
import { WaitlistRepository } from "./waitlist/waitlist.repository.js";

/** Every repository of the bookings database, on one client (the pool or a transaction's). */
export function bookingsRepositories(db: DbClient) {
  return {
    bookings: new BookingRepository(db),
    changes: new BookingChangeRepository(db),
    outbox: new BookingOutboxRepository(db),
    blocks: new ResourceBlockRepository(db),
    waitlist: new WaitlistRepository(db),
    inbox: new EventInboxRepository(db),
  };
}

/** The repositories of one transaction (or of the pool). */
export type BookingsRepositories = ReturnType<typeof bookingsRepositories>;

/** What services get: repositories on the pool, and transactions over them. */
export type BookingsUnitOfWork = UnitOfWorkOf<typeof bookingsRepositories>;
