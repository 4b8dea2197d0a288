import type { Booking } from "./booking.type.js";

/** Bookings live in the bookings subgraph; here a reference only needs its id to find its payments. */
export function resolveBookingReference(reference: { id: string }): Booking {
  return { id: reference.id };
}
