import type { BookingCancelledEvent } from "@booking/contracts";

/**
 * The contract's rule for a paid booking that is cancelled: a full refund when its owner or an
 * admin cancelled, whenever; when the customer did, only at least `freeCancellationHours` before
 * the start (by the instant bookings recorded the cancellation); otherwise nothing automatically.
 */
export function refundsInFullOnCancellation(event: Pick<BookingCancelledEvent, "cancelledBy" | "cancelledAt" | "startTime" | "freeCancellationHours">): boolean {
  if (event.cancelledBy !== "CUSTOMER") return true;
  if (event.freeCancellationHours === null) return false;
  const deadline = new Date(event.startTime).getTime() - event.freeCancellationHours * 3_600_000;
  return new Date(event.cancelledAt).getTime() <= deadline;
}
