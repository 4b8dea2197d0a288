import { EVENT_TYPES, type PaymentSucceededEvent } from "@booking/contracts";
import type { EventConsumer } from "@booking/events";
import type { BookingsUnitOfWork } from "../repositories.js";
import { applyPaymentSucceeded } from "./booking-payment.service.js";

/** As long as a booking change may wait on the booking's row lock (BOOKING_TRANSACTION's limits). */
const EVENT_TRANSACTION = { maxWait: 15_000, timeout: 20_000 } as const;

/**
 * Payments' successes reach their bookings here, each once: the backbone records the event id in
 * the unit of work's transaction that applies it.
 */
export function bookingPaymentConsumer(uow: BookingsUnitOfWork): EventConsumer<BookingsUnitOfWork["repositories"]> {
  return {
    name: "bookings-apply-payments",
    eventTypes: [EVENT_TYPES.paymentSucceeded],
    transaction: (work) => uow.transaction(work, EVENT_TRANSACTION),
    async handle(event, { changes }) {
      await applyPaymentSucceeded(changes, event.payload as unknown as PaymentSucceededEvent);
    },
  };
}
