import { formatAmount, normaliseId } from "@booking/common";
import {
  BookingEventType,
  BookingStatus,
  EVENT_TYPES,
  type BookingConfirmedEvent,
  type BookingFacts,
  type BookingPaymentRejectedEvent,
  type BookingSummary,
  type PaymentSucceededEvent,
} from "@booking/contracts";
import type { BookingsUnitOfWork } from "../repositories.js";
import type { BookingChangeRepository } from "./booking-changes.repository.js";
import { decidePaymentSuccess } from "./booking-lifecycle.js";
import type { BookingRow } from "./booking.repository.js";

/**
 * What bookings does for payments, as the system rather than a person: tells the facts to charge
 * by, and applies a payment's success (a `payment.succeeded` event) to its booking.
 */
export class BookingPaymentService {
  constructor(private readonly uow: BookingsUnitOfWork) {}

  async facts(bookingId: unknown): Promise<BookingFacts | null> {
    const id = typeof bookingId === "string" ? normaliseId(bookingId) : null;
    if (!id) return null;
    const [booking] = await this.uow.repositories.bookings.findByIds([id]);
    return booking ? factsOf(booking) : null;
  }
}

/**
 * Applies a payment's success in the consumer's transaction, under the booking's row lock and by
 * the bookings database's clock: a live HOLD becomes CONFIRMED (`booking.confirmed`); one whose
 * time ran out, or a cancelled booking, stays as it is and the payment is rejected
 * (`booking.payment_rejected`, which payments refunds in full). Every outcome publishes
 * PAYMENT_UPDATED to the booking's subscribers.
 */
export async function applyPaymentSucceeded(changes: BookingChangeRepository, payment: PaymentSucceededEvent): Promise<"confirmed" | "kept" | "rejected" | "unknown"> {
  const id = normaliseId(payment.bookingId);
  const booking = id ? await changes.lockBooking(id) : null;
  if (!booking) return "unknown";
  let outcome = decidePaymentSuccess(booking, await changes.databaseNow());
  await changes.appendEvents([{ bookingId: booking.id, type: BookingEventType.PAYMENT_UPDATED, status: booking.status, businessId: booking.businessId, customerId: booking.customerId }]);
  // The hold may run out between the decision and the write: the write checks again by the
  // clock that stamps it, and a hold that ran out rejects the payment.
  if (outcome.kind === "confirm" && !(await changes.changeStatus(booking, { from: BookingStatus.HOLD, to: BookingStatus.CONFIRMED, reason: "Paid", event: BookingEventType.CONFIRMED }))) {
    outcome = { kind: "reject", reason: "HOLD_EXPIRED" };
  }
  switch (outcome.kind) {
    case "confirm": {
      const confirmed: BookingConfirmedEvent = { ...summaryOf((await changes.findBooking(booking.id))!), paymentId: payment.paymentId };
      await changes.publish(EVENT_TYPES.bookingConfirmed, { ...confirmed });
      return "confirmed";
    }
    case "keep":
      return "kept";
    case "reject": {
      const rejected: BookingPaymentRejectedEvent = { paymentId: payment.paymentId, bookingId: booking.id, bookingStatus: booking.status, reason: outcome.reason };
      await changes.publish(EVENT_TYPES.bookingPaymentRejected, { ...rejected });
      return "rejected";
    }
  }
}

/** What a mail about the booking says, as frozen on it. */
export function summaryOf(booking: BookingRow): BookingSummary {
  return {
    bookingId: booking.id,
    bookingNumber: booking.bookingNumber,
    customerId: booking.customerId,
    businessId: booking.businessId,
    businessOwnerId: booking.businessOwnerId,
    businessName: booking.snapshotBusinessName,
    resourceName: booking.snapshotResourceName,
    startTime: booking.startTime.toISOString(),
    endTime: booking.endTime.toISOString(),
    timezone: booking.timezone,
    total: formatAmount(booking.total, booking.currency),
    currency: booking.currency,
  };
}

function factsOf(booking: BookingRow): BookingFacts {
  return {
    id: booking.id,
    bookingNumber: booking.bookingNumber,
    status: booking.status,
    customerId: booking.customerId,
    businessId: booking.businessId,
    businessOwnerId: booking.businessOwnerId,
    resourceId: booking.resourceId,
    startTime: booking.startTime.toISOString(),
    endTime: booking.endTime.toISOString(),
    holdExpiresAt: booking.holdExpiresAt?.toISOString() ?? null,
    cancelledAt: booking.cancelledAt?.toISOString() ?? null,
    total: formatAmount(booking.total, booking.currency),
    currency: booking.currency,
    freeCancellationHours: booking.freeCancellationHours,
  };
}
