import { EVENT_TYPES, type BookingCancelledEvent, type BookingConfirmedEvent, type PaymentRefundedEvent, type WaitlistOfferedEvent } from "@booking/contracts";
import type { EventConsumer } from "@booking/events";
import { usersRepositories } from "../repositories.js";
import type { DbClient } from "../user/user.repository.js";
import { bookingCancelledMail, bookingConfirmedMail, paymentRefundedMail, waitlistOfferedMail } from "./booking-messages.js";
import type { EventTransactions } from "./mail-outbox.repository.js";
import type { MailMessage } from "./messages.js";

/**
 * Mails the customer about their booking's confirmation, cancellation and refunds, and the HOLD a waitlist offers them, queued in
 * the same mail outbox (and sender) as the one-time codes, once per event: the queued mail and
 * the event id commit together. The address is the account's, read here, where it lives.
 */
export function bookingMailConsumer(transaction: EventTransactions): EventConsumer<DbClient> {
  return {
    name: "users-mail-booking-changes",
    eventTypes: [EVENT_TYPES.bookingConfirmed, EVENT_TYPES.bookingCancelled, EVENT_TYPES.paymentRefunded, EVENT_TYPES.waitlistOffered],
    transaction,
    async handle(event, tx) {
      const payload = event.payload as { customerId?: unknown };
      if (typeof payload.customerId !== "string") return;
      const { users, mailOutbox } = usersRepositories(tx);
      const customer = await users.findById(payload.customerId);
      if (!customer) return;
      const message = messageFor(event.type, customer.email, event.payload);
      if (message) await mailOutbox.enqueue(message);
    },
  };
}

function messageFor(type: string, to: string, payload: unknown): MailMessage | null {
  switch (type) {
    case EVENT_TYPES.bookingConfirmed:
      return bookingConfirmedMail(to, payload as BookingConfirmedEvent);
    case EVENT_TYPES.bookingCancelled:
      return bookingCancelledMail(to, payload as BookingCancelledEvent);
    case EVENT_TYPES.paymentRefunded:
      return paymentRefundedMail(to, payload as PaymentRefundedEvent);
    case EVENT_TYPES.waitlistOffered:
      return waitlistOfferedMail(to, payload as WaitlistOfferedEvent);
    default:
      return null;
  }
}
