import { EVENT_TYPES, PaymentStatus, type BookingCancelledEvent, type BookingPaymentRejectedEvent } from "@booking/contracts";
import type { EventConsumer } from "@booking/events";
import { PAYMENT_TRANSACTION } from "../payment/payment-writes.repository.js";
import type { PaymentSettlement } from "../payment/payment-settlement.service.js";
import type { PaymentsUnitOfWork } from "../repositories.js";
import { refundsInFullOnCancellation } from "./cancellation-refund.js";

type Repositories = PaymentsUnitOfWork["repositories"];

/**
 * What payments does with bookings' events, each once per event (the backbone records the id in
 * the unit of work's transaction that makes the effects) and safe in any order: every refund is
 * keyed by its cause and takes only what remains, so a rejection and a cancellation of one
 * booking together refund it once.
 */
export function bookingEventConsumers(uow: PaymentsUnitOfWork, settlement: PaymentSettlement): EventConsumer<Repositories>[] {
  const transaction = <T>(work: (repositories: Repositories) => Promise<T>) => uow.transaction(work, PAYMENT_TRANSACTION);
  return [
    {
      // A success bookings could not apply (the hold ran out by its clock, or the booking was
      // cancelled): the money goes back in full, and the booking stays as it is.
      name: "payments-refund-rejected-payments",
      eventTypes: [EVENT_TYPES.bookingPaymentRejected],
      transaction,
      async handle(event, { writes }) {
        const rejected = event.payload as unknown as BookingPaymentRejectedEvent;
        const payment = await writes.lockPayment(rejected.paymentId);
        if (!payment) return;
        const reason = rejected.reason === "HOLD_EXPIRED" ? "The hold ran out before the payment reached the booking" : `The booking was ${rejected.bookingStatus} when the payment reached it`;
        await settlement.refundRemaining(writes, payment, reason, "booking-payment-rejected");
      },
    },
    {
      name: "payments-refund-cancelled-bookings",
      eventTypes: [EVENT_TYPES.bookingCancelled],
      transaction,
      async handle(event, { writes }) {
        const cancelled = event.payload as unknown as BookingCancelledEvent;
        const fullRefund = refundsInFullOnCancellation(cancelled);
        for (const { id } of await writes.findByBooking(cancelled.bookingId)) {
          const payment = await writes.lockPayment(id);
          if (!payment) continue;
          // Nobody pays for a cancelled booking any more; one PROCESSING settles by its webhook
          // and then meets bookings' rejection.
          if (payment.status === PaymentStatus.REQUIRES_PAYMENT_METHOD) await settlement.cancel(writes, payment);
          else if (fullRefund) await settlement.refundRemaining(writes, payment, `Booking cancelled by the ${cancelled.cancelledBy.toLowerCase()}`, "booking-cancelled");
        }
      },
    },
  ];
}
