import { eventTransactions } from "./booking/booking-changes.repository.js";
import { bookingPaymentConsumer } from "./booking/booking-payment.consumer.js";

/** The bookings subgraph's consumer of payments' successes on a client, for tests that deliver an event again as the engine would. */
export function bookingPaymentConsumerOn(client: Parameters<typeof eventTransactions>[0]) {
  return bookingPaymentConsumer(eventTransactions(client));
}
