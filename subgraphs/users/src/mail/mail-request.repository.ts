import { EVENT_TYPES, type MailRequestedEvent } from "@booking/contracts";
import { publishEvent } from "@booking/events";
import type { DbClient } from "../user/user.repository.js";
import type { MailMessage } from "./messages.js";

/** Mail to send, as `mail.requested` events in the backbone's outbox; no rules. */
export class MailRequestRepository {
  constructor(private readonly db: DbClient) {}

  /** Asks for a mail; inside a transaction it is sent (by mail.consumer.ts) only if that commits. */
  async request(message: MailMessage): Promise<void> {
    const mail: MailRequestedEvent = { to: message.to, subject: message.subject, text: message.text };
    await publishEvent(this.db, { type: EVENT_TYPES.mailRequested, source: "users", payload: { ...mail } });
  }
}
