import { EVENT_TYPES, type MailRequestedEvent } from "@booking/contracts";
import type { EventConsumer } from "@booking/events";
import type { UsersUnitOfWork } from "../repositories.js";
import type { MailTransport } from "./mail.transport.js";

/**
 * Sends every requested mail (one-time codes, booking mail) at least once: a send that fails
 * rolls the processed mark back, and the backbone delivers the event again with backoff until it
 * dead-letters it after the last attempt (EVENTS_MAX_ATTEMPTS). The transaction only records the
 * event id; it is long enough for a slow mail server (the transport gives up sooner).
 */
export function mailConsumer(uow: UsersUnitOfWork, send: MailTransport): EventConsumer<UsersUnitOfWork["repositories"]> {
  return {
    name: "users-send-mail",
    eventTypes: [EVENT_TYPES.mailRequested],
    transaction: (work) => uow.transaction(work, { maxWait: 15_000, timeout: 60_000 }),
    async handle(event) {
      const mail = event.payload as unknown as MailRequestedEvent;
      await send({ to: mail.to, subject: mail.subject, text: mail.text }, event.id);
    },
  };
}
