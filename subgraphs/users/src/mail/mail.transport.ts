import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import nodemailer from "nodemailer";
import type { MailMessage } from "./messages.js";

export interface MailTransportOptions {
  /** SMTP_URL; without it mail is written to `mailDir` (outside production). */
  smtpUrl: string | null;
  from: string;
  /** Without SMTP (outside production): where messages are written, one file each. */
  mailDir: string;
  production: boolean;
}

/** Sends one message, or throws; `id` names it (the event that asked for it). */
export type MailTransport = (message: MailMessage, id: string) => Promise<void>;

// Short enough that a hanging mail server fails a delivery well inside the consumer's transaction.
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };

/** SMTP (SMTP_URL), else files under DATA_DIR/mail outside production, else a refusal to send. */
export function createMailTransport(options: MailTransportOptions): MailTransport {
  if (options.smtpUrl) {
    const smtp = nodemailer.createTransport(options.smtpUrl, SMTP_TIMEOUTS);
    return async (message) => {
      await smtp.sendMail({ from: options.from, to: message.to, subject: message.subject, text: message.text });
    };
  }
  if (!options.production) {
    return async (message, id) => {
      await mkdir(options.mailDir, { recursive: true });
      const file = path.join(options.mailDir, `${new Date().toISOString().replaceAll(":", "-")}-${id}.txt`);
      await writeFile(file, `To: ${message.to}\nSubject: ${message.subject}\n\n${message.text}`);
      // The subject only: bodies carry one-time codes, which never go to a log.
      console.log(`mail to ${message.to} written to ${file}: ${message.subject}`);
    };
  }
  return async () => {
    throw new Error("no SMTP_URL configured: mail cannot be sent in production");
  };
}
