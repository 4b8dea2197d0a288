import { EVENT_TYPES, type PaymentSucceededEvent } from "@booking/contracts";
import type { EventConsumer } from "@booking/events";
import { bookingsRepositories } from "../repositories.js";
import type { DbClient, EventTransactions } from "./booking-changes.repository.js";
import { applyPaymentSucceeded } from "./booking-payment.service.js";

/**
 * Payments' successes reach their bookings here, each once: the backbone records the event id in
 * the transaction that applies it (`transaction`, from eventTransactions in the repository).
 */
export function bookingPaymentConsumer(transaction: EventTransactions): EventConsumer<DbClient> {
  return {
    name: "bookings-apply-payments",
    eventTypes: [EVENT_TYPES.paymentSucceeded],
    transaction,
    async handle(event, tx) {
      await applyPaymentSucceeded(bookingsRepositories(tx).changes, event.payload as unknown as PaymentSucceededEvent);
    },
  };
}
