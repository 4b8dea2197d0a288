import { AppError, badInput, normaliseId, notFound, unauthenticated, type Role, type Viewer } from "@booking/common";
import { BookingStatus, EVENT_TYPES, type BookingCancelledEvent, type BookingConfirmedEvent } from "@booking/contracts";
import type { BookingsUnitOfWork } from "../repositories.js";
import type { WaitlistLine } from "../waitlist/waitlist-line.js";
import { cancellerRole, decideTransition, holdExpired, type BookingAction } from "./booking-lifecycle.js";
import { summaryOf } from "./booking-payment.service.js";
import { BOOKING_TRANSACTION } from "./booking-reservation.service.js";
import type { BookingRow } from "./booking.repository.js";

const MAX_CANCEL_REASON = 500;

/**
 * The state machine's mutations: each locks the booking's row, decides with the rules in
 * booking-lifecycle.ts, and writes the status, its history row and its outbox event in one
 * transaction, so two racing changes never both win.
 */
export class BookingLifecycleService {
  constructor(
    private readonly uow: BookingsUnitOfWork,
    private readonly viewer: Viewer | null,
    private readonly line: WaitlistLine,
  ) {}

  confirm(id: string): Promise<BookingRow> {
    return this.act("confirm", id, null);
  }

  cancel(id: string, reason: string | null | undefined): Promise<BookingRow> {
    const trimmed = reason?.trim() || null;
    if (trimmed !== null && trimmed.length > MAX_CANCEL_REASON) throw badInput("reason", `reason must be at most ${MAX_CANCEL_REASON} characters`);
    return this.act("cancel", id, trimmed);
  }

  complete(id: string): Promise<BookingRow> {
    return this.act("complete", id, null);
  }

  markNoShow(id: string): Promise<BookingRow> {
    return this.act("markNoShow", id, null);
  }

  private async act(action: BookingAction, id: string, reason: string | null): Promise<BookingRow> {
    const viewer = this.viewer;
    if (!viewer) throw unauthenticated();
    const bookingId = normaliseId(id);
    if (!bookingId) throw notFound("Booking");
    // A cancellation frees units: the resource's line is served in the same transaction, under
    // the lock createBooking takes (taken before the booking's row, in createBooking's order).
    const resourceId = action === "cancel" ? (await this.uow.repositories.changes.findBooking(bookingId))?.resourceId : undefined;
    await this.uow.transaction(async (repositories) => {
      const { changes } = repositories;
      const line = resourceId ? (await changes.lockResource(resourceId), await this.line.factsFor(repositories, resourceId)) : null;
      const booking = await changes.lockBooking(bookingId);
      if (!booking) throw notFound("Booking");
      // The database's clock, read after the row lock: whatever an instance's clock says, the
      // hold's end is judged by the clock that stamps the expiry.
      const transition = decideTransition(action, booking, viewer, await changes.databaseNow());
      const cancelledBy = transition.to === BookingStatus.CANCELLED ? cancellerRole(booking, viewer) : null;
      const at = await changes.changeStatus(booking, {
        from: transition.fromStatus,
        to: transition.to,
        reason,
        event: transition.event,
        cancellation: cancelledBy ? { by: cancelledBy } : undefined,
      });
      // Only a HOLD that ran out between the decision and the write gets here (the row is locked).
      if (!at) throw action === "confirm" ? holdExpired(booking.holdExpiresAt) : new AppError("INVALID_STATE", `The hold ran out at ${booking.holdExpiresAt?.toISOString()}`);
      // Other services hear of it from the same transaction: payments refunds a cancelled paid
      // booking by the policy frozen on it, users mails the customer.
      const changed = await changes.findBooking(bookingId);
      if (cancelledBy && changed) {
        await changes.publish(EVENT_TYPES.bookingCancelled, { ...cancellationNotice(changed, cancelledBy, at, transition.fromStatus, reason) });
        await changes.appendEvents(await this.line.serve(repositories, line));
      } else if (transition.to === BookingStatus.CONFIRMED && changed) {
        const confirmed: BookingConfirmedEvent = { ...summaryOf(changed), paymentId: null };
        await changes.publish(EVENT_TYPES.bookingConfirmed, { ...confirmed });
      }
    }, BOOKING_TRANSACTION);
    const [changed] = await this.uow.repositories.bookings.findByIds([bookingId]);
    return changed!;
  }
}

/** The `booking.cancelled` event of a booking just cancelled. */
export function cancellationNotice(booking: BookingRow, cancelledBy: Role, at: Date | null, previousStatus: BookingStatus, reason: string | null): BookingCancelledEvent {
  return {
    ...summaryOf(booking),
    cancelledBy: cancelledBy as BookingCancelledEvent["cancelledBy"],
    cancelledAt: (at ?? booking.cancelledAt ?? new Date()).toISOString(),
    previousStatus,
    freeCancellationHours: booking.freeCancellationHours,
    reason,
  };
}
