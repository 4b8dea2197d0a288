import type { DbClient } from "../user/user.repository.js";
import type { MailMessage } from "./messages.js";

/** Runs an event consumer's work in one users transaction (the backbone writes its processed id through `tx`). */
export type EventTransactions = <T>(work: (tx: DbClient) => Promise<T>) => Promise<T>;

/** A consumer's transactions on a client. */
export function eventTransactions(client: { $transaction<T>(work: (tx: DbClient) => Promise<T>): Promise<T> }): EventTransactions {
  return (work) => client.$transaction(work);
}

export interface PendingMail {
  id: string;
  to_address: string;
  subject: string;
  text_body: string;
  attempts: number;
}

/** SQL for the mail outbox; no rules. */
export class MailOutboxRepository {
  constructor(private readonly db: DbClient) {}

  /** Queues a message; inside a transaction it leaves only if that commits. */
  async enqueue(message: MailMessage): Promise<void> {
    await this.db.mailOutbox.create({ data: { toAddress: message.to, subject: message.subject, textBody: message.text } });
  }

  /** Due messages, at most `limit`, locked for this transaction; rows another sender holds are skipped. */
  claimDue(limit: number): Promise<PendingMail[]> {
    return this.db.$queryRaw<PendingMail[]>`
      SELECT id, to_address, subject, text_body, attempts FROM mail_outbox
      WHERE sent_at IS NULL AND send_after <= now()
      ORDER BY send_after LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
  }

  async markSent(id: string): Promise<void> {
    await this.db.mailOutbox.update({ where: { id }, data: { sentAt: new Date(), attempts: { increment: 1 } } });
  }

  async postpone(id: string, lastError: string, sendAfter: Date): Promise<void> {
    await this.db.mailOutbox.update({ where: { id }, data: { attempts: { increment: 1 }, lastError, sendAfter } });
  }
}
