import { usersSubgraph } from "@booking/users/subgraph";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSubgraph, subgraphRequest, type TestSubgraph } from "../../../test/support/subgraph.js";
import { waitFor } from "../../../test/support/wait.js";

interface Received {
  to: string[];
  data: string;
}

let smtp: SMTPServer;
let smtpPort: number;
const received: Received[] = [];
let users: TestSubgraph<Awaited<ReturnType<typeof usersSubgraph.connect>>>;
let refuse = false;

beforeAll(async () => {
  // A real SMTP server on loopback, receiving what the users subgraph sends.
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onRcptTo: (address, _session, callback) => callback(refuse ? Object.assign(new Error("mailbox busy"), { responseCode: 451 }) : undefined),
    onData(stream, session, callback) {
      let data = "";
      stream.on("data", (chunk: Buffer) => (data += chunk.toString("utf8")));
      stream.on("end", () => {
        received.push({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address), data });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  smtpPort = (smtp.server.address() as AddressInfo).port;
  users = await startTestSubgraph(usersSubgraph, { SMTP_URL: `smtp://127.0.0.1:${smtpPort}` });
});
afterAll(async () => {
  await users?.stop();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

const REGISTER = `mutation($input: RegisterInput!) { register(input: $input) { id } }`;

describe("mail over SMTP (SMTP_URL)", () => {
  it("sends the verification code after the registration commits", async () => {
    const result = await subgraphRequest(users.url, REGISTER, { input: { email: "smtp@example.com", username: "smtp_user", password: "long enough password" } });
    expect(result.errors).toBeUndefined();
    const mail = await waitFor(() => received.find((message) => message.to.includes("smtp@example.com")));
    expect(mail.data).toMatch(/Subject: Your verification code/);
    expect(mail.data).toMatch(/verification code is \d{6}/);
  });

  it("does not fail the mutation when the mail server refuses, and retries until it accepts", async () => {
    refuse = true;
    const result = await subgraphRequest(users.url, REGISTER, { input: { email: "later@example.com", username: "later_user", password: "long enough password" } });
    expect(result.errors).toBeUndefined();
    const failed = await waitFor(async () => {
      const row = await users.db.mailOutbox.findFirst({ where: { toAddress: "later@example.com" } });
      return row && row.attempts > 0 ? row : undefined;
    });
    expect(failed.sentAt).toBeNull();
    expect(failed.lastError).toMatch(/mailbox busy/);
    refuse = false;
    // The retry is due after its backoff; make it due now rather than wait.
    await users.db.mailOutbox.update({ where: { id: failed.id }, data: { sendAfter: new Date() } });
    await waitFor(() => received.find((message) => message.to.includes("later@example.com")));
    // The row is marked sent in the transaction that claimed it, which commits just after delivery.
    const sent = await waitFor(async () => {
      const row = await users.db.mailOutbox.findUniqueOrThrow({ where: { id: failed.id } });
      return row.sentAt ? row : undefined;
    });
    expect(sent.attempts).toBe(2);
  });
});
