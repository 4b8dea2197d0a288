import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import nodemailer from "nodemailer";
import type { UsersUnitOfWork } from "../repositories.js";
import type { PendingMail } from "./mail-outbox.repository.js";

export interface MailSenderOptions {
  smtpUrl: string | null;
  from: string;
  /** Without SMTP (outside production): where messages are written, one file each. */
  mailDir: string;
  production: boolean;
  pollMs?: number;
}

const BATCH = 20;
const MAX_BACKOFF_MS = 10 * 60 * 1000;

/**
 * Delivers the mail outbox after commit: claims pending rows (SKIP LOCKED, so several
 * instances share the work), sends them, and on failure retries with exponential backoff.
 * A mutation never waits for, or fails because of, mail.
 */
export class MailSender {
  private readonly deliver: (mail: PendingMail) => Promise<void>;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly uow: UsersUnitOfWork,
    private readonly options: MailSenderOptions,
  ) {
    if (options.smtpUrl) {
      const transport = nodemailer.createTransport(options.smtpUrl);
      this.deliver = async (mail) => {
        await transport.sendMail({ from: options.from, to: mail.to_address, subject: mail.subject, text: mail.text_body });
      };
    } else if (!options.production) {
      this.deliver = async (mail) => {
        await mkdir(options.mailDir, { recursive: true });
        const file = path.join(options.mailDir, `${new Date().toISOString().replaceAll(":", "-")}-${mail.id}.txt`);
        await writeFile(file, `To: ${mail.to_address}\nSubject: ${mail.subject}\n\n${mail.text_body}`);
        // The subject only: bodies carry one-time codes, which never go to a log.
        console.log(`mail to ${mail.to_address} written to ${file}: ${mail.subject}`);
      };
    } else {
      this.deliver = async () => {
        throw new Error("no SMTP_URL configured: mail cannot be sent in production");
      };
    }
  }

  start(): void {
    const tick = () => {
      if (this.stopped) return;
      this.running = this.sendPending()
        .then(() => undefined)
        .catch((error: unknown) => console.error("mail sender:", error))
        .finally(() => {
          this.running = null;
          if (!this.stopped) this.timer = setTimeout(tick, this.options.pollMs ?? 1_000);
        });
    };
    tick();
  }

  /** Sends what is due now; returns how many were sent. */
  async sendPending(): Promise<number> {
    let sent = 0;
    await this.uow.transaction(async ({ mailOutbox }) => {
      for (const mail of await mailOutbox.claimDue(BATCH)) {
        try {
          await this.deliver(mail);
          await mailOutbox.markSent(mail.id);
          sent += 1;
        } catch (error) {
          const backoff = Math.min(MAX_BACKOFF_MS, 2 ** mail.attempts * 5_000);
          await mailOutbox.postpone(mail.id, (error as Error).message.slice(0, 500), new Date(Date.now() + backoff));
        }
      }
    }, { timeout: 60_000 });
    return sent;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
