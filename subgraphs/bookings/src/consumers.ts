import { bookingPaymentConsumer } from "./booking/booking-payment.consumer.js";
import { bookingsUnitOfWork } from "./subgraph.js";

/** The bookings subgraph's consumer of payments' successes on a client, for tests that deliver an event again as the engine would. */
export function bookingPaymentConsumerOn(client: Parameters<typeof bookingsUnitOfWork>[0]) {
  return bookingPaymentConsumer(bookingsUnitOfWork(client));
}
