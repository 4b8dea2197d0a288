import type { DbClient } from "../database.js";
import type { MailMessage } from "./messages.js";

/** Queues a message in the caller's transaction: it leaves only if that commits. */
export async function enqueueMail(tx: DbClient, message: MailMessage): Promise<void> {
  await tx.mailOutbox.create({ data: { toAddress: message.to, subject: message.subject, textBody: message.text } });
}
