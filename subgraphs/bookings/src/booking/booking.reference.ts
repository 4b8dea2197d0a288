import type { BookingsContext } from "../context.js";
import type { BookingRow } from "./booking.repository.js";

/** Booking references from other subgraphs (Payment.booking...), batched and under the same visibility rule. */
export function resolveBookingReference(reference: { id: string }, ctx: BookingsContext): Promise<BookingRow | null> {
  return ctx.bookings.byReference(reference.id);
}
