import { EVENT_TYPES, type BookingCancelledEvent, type BookingConfirmedEvent, type PaymentRefundedEvent, type WaitlistOfferedEvent } from "@booking/contracts";
import type { EventConsumer } from "@booking/events";
import type { UsersUnitOfWork } from "../repositories.js";
import { bookingCancelledMail, bookingConfirmedMail, paymentRefundedMail, waitlistOfferedMail } from "./booking-messages.js";
import type { MailMessage } from "./messages.js";

/**
 * Mails the customer about their booking's confirmation, cancellation and refunds, and the HOLD
 * a waitlist offers them, once per event: the mail request (sent like the one-time codes, by
 * mail.consumer.ts) and the event id commit together. The address is the account's, read here,
 * where it lives.
 */
export function bookingMailConsumer(uow: UsersUnitOfWork): EventConsumer<UsersUnitOfWork["repositories"]> {
  return {
    name: "users-mail-booking-changes",
    eventTypes: [EVENT_TYPES.bookingConfirmed, EVENT_TYPES.bookingCancelled, EVENT_TYPES.paymentRefunded, EVENT_TYPES.waitlistOffered],
    transaction: (work) => uow.transaction(work),
    async handle(event, { users, mails }) {
      const payload = event.payload as { customerId?: unknown };
      if (typeof payload.customerId !== "string") return;
      const customer = await users.findById(payload.customerId);
      if (!customer) return;
      const message = messageFor(event.type, customer.email, event.payload);
      if (message) await mails.request(message);
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
