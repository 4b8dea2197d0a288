import { normaliseId } from "@booking/common";
import { BOOKING_PAYMENT_NOTICE_STATUSES, BookingEventType, BookingStatus, type BookingFacts, type BookingPaymentNotice } from "@booking/contracts";
import type { BookingsUnitOfWork } from "../repositories.js";
import { transitionForPayment } from "./booking-lifecycle.js";
import { BOOKING_TRANSACTION } from "./booking-reservation.service.js";
import type { BookingRow } from "./booking.repository.js";

const PAYMENT_STATUSES = new Set<string>(BOOKING_PAYMENT_NOTICE_STATUSES);

/**
 * What the payments subgraph asks of bookings, as the system rather than a person: the facts to
 * charge and refund by, and notices of a payment's progress (a success confirms a live HOLD).
 */
export class BookingPaymentService {
  constructor(
    private readonly uow: BookingsUnitOfWork,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async facts(bookingId: unknown): Promise<BookingFacts | null> {
    const id = typeof bookingId === "string" ? normaliseId(bookingId) : null;
    if (!id) return null;
    const [booking] = await this.uow.repositories.bookings.findByIds([id]);
    return booking ? factsOf(booking) : null;
  }

  /** Publishes PAYMENT_UPDATED and, for a success, confirms a HOLD still within its time, in one transaction. */
  async recordPayment(notice: Partial<BookingPaymentNotice> | null): Promise<BookingFacts | null> {
    const id = typeof notice?.bookingId === "string" ? normaliseId(notice.bookingId) : null;
    const paymentStatus = notice?.paymentStatus;
    if (typeof paymentStatus !== "string" || !PAYMENT_STATUSES.has(paymentStatus)) throw new Error(`unknown paymentStatus ${String(paymentStatus)}`);
    if (!id) return null;
    const found = await this.uow.transaction(async ({ changes }) => {
      const booking = await changes.lockBooking(id);
      if (!booking) return false;
      await changes.appendEvents([{ bookingId: id, type: BookingEventType.PAYMENT_UPDATED, status: booking.status, businessId: booking.businessId, customerId: booking.customerId }]);
      const transition = transitionForPayment(booking, paymentStatus, this.now());
      if (transition) {
        await changes.changeStatus(booking, { from: BookingStatus.HOLD, to: transition.to, reason: "Paid", event: transition.event });
      }
      return true;
    }, BOOKING_TRANSACTION);
    return found ? this.facts(id) : null;
  }
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
    total: booking.total.toFixed(2),
    currency: booking.currency,
    freeCancellationHours: booking.freeCancellationHours,
  };
}
