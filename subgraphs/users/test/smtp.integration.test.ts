import { usersSubgraph } from "@booking/users/subgraph";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventBackboneFor, jetStreamUnavailable, type EventEngine } from "../../../test/support/events.js";
import { startTestSubgraph, subgraphRequest, type TestSubgraph } from "../../../test/support/subgraph.js";
import { waitFor } from "../../../test/support/wait.js";

interface Received {
  to: string[];
  data: string;
}

// Mail rides the event backbone: the same suite on both engines (JetStream's skipped, saying why,
// where no NATS answers).
const jetStreamSkip = await jetStreamUnavailable();
if (jetStreamSkip) console.log(`mail over JetStream skipped: ${jetStreamSkip}`);
const ENGINES: { engine: EventEngine; skip: string | null }[] = [
  { engine: "pg-boss", skip: null },
  { engine: "jetstream", skip: jetStreamSkip },
];

/** Deliveries of one mail before it is dead-lettered, in these tests. */
const MAX_ATTEMPTS = 3;

const REGISTER = `mutation($input: RegisterInput!) { register(input: $input) { id } }`;

describe.each(ENGINES)("mail over SMTP (SMTP_URL), events on $engine", ({ engine, skip }) => {
  let smtp: SMTPServer;
  const received: Received[] = [];
  /** RCPT TO tries per address, refused or not. */
  const tries = new Map<string, number>();
  /** Addresses the mail server refuses (451, a temporary failure) while they are here. */
  const refusing = new Set<string>();
  let users: TestSubgraph<Awaited<ReturnType<typeof usersSubgraph.connect>>>;
  let backbone: Awaited<ReturnType<typeof eventBackboneFor>>;

  beforeAll(async () => {
    if (skip) return;
    // A real SMTP server on loopback, receiving what the users subgraph sends.
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      onRcptTo: (address, _session, callback) => {
        tries.set(address.address, (tries.get(address.address) ?? 0) + 1);
        callback(refusing.has(address.address) ? Object.assign(new Error("mailbox busy"), { responseCode: 451 }) : undefined);
      },
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
    const smtpPort = (smtp.server.address() as AddressInfo).port;
    backbone = await eventBackboneFor(engine);
    users = await startTestSubgraph(usersSubgraph, {
      ...backbone.env,
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      // retries a second or so apart (pg-boss counts whole seconds), dead letter on the third failure
      EVENTS_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
      EVENTS_RETRY_DELAY_MS: "200",
    });
  });
  afterAll(async () => {
    await users?.stop();
    await backbone?.cleanup();
    if (smtp) await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  const register = async (email: string) => {
    const username = email.split("@")[0]!.replaceAll(/[^a-z0-9]/g, "_");
    const result = await subgraphRequest(users.url, REGISTER, { input: { email, username, password: "long enough password" } });
    expect(result.errors).toBeUndefined();
  };
  /** The id of the mail.requested event written for `email` (in the registering transaction). */
  const requestFor = async (email: string) => {
    const [request] = await users.db.$queryRaw<{ id: string }[]>`SELECT id::text AS id FROM events.event_outbox WHERE type = 'mail.requested' AND payload->>'to' = ${email}`;
    expect(request, `a mail requested for ${email}`).toBeDefined();
    return request!.id;
  };
  const deadLetters = (eventId: string) =>
    users.db.$queryRaw<{ consumer: string; attempts: number; error: string; payload: { to: string } }[]>`
      SELECT consumer, attempts, error, payload FROM events.dead_letter_event WHERE event_id = ${eventId}::uuid`;
  const processed = async (eventId: string) =>
    (await users.db.$queryRaw<unknown[]>`SELECT 1 FROM events.processed_event WHERE consumer = 'users-send-mail' AND event_id = ${eventId}::uuid`).length;

  describe.skipIf(skip !== null)("", () => {
    it("sends the verification code after the registration commits", async () => {
      const email = `smtp.${engine}@example.com`;
      await register(email);
      const mail = await waitFor(() => received.find((message) => message.to.includes(email)), 10_000, "the mail");
      expect(mail.data).toMatch(/Subject: Your verification code/);
      expect(mail.data).toMatch(/verification code is \d{6}/);
      await waitFor(async () => (await processed(await requestFor(email))) === 1, 5_000, "the processed mark");
    });

    it("does not fail the mutation when the mail server refuses, and retries with backoff until it accepts", async () => {
      const email = `later.${engine}@example.com`;
      refusing.add(email);
      await register(email);
      await waitFor(() => (tries.get(email) ?? 0) >= 1, 10_000, "the first, refused try");
      expect(received.some((message) => message.to.includes(email))).toBe(false);
      refusing.delete(email);

      await waitFor(() => received.find((message) => message.to.includes(email)), 20_000, "the mail, on a later try");
      const id = await requestFor(email);
      await waitFor(async () => (await processed(id)) === 1, 5_000, "the processed mark");
      expect(tries.get(email)).toBeGreaterThanOrEqual(2);
      expect(received.filter((message) => message.to.includes(email))).toHaveLength(1);
      expect(await deadLetters(id)).toEqual([]);
    });

    it(`dead-letters a mail the server keeps refusing, after ${MAX_ATTEMPTS} tries, and sends it no more`, async () => {
      const email = `never.${engine}@example.com`;
      refusing.add(email);
      await register(email);
      const id = await requestFor(email);

      const [dead] = await waitFor(async () => {
        const rows = await deadLetters(id);
        return rows.length > 0 ? rows : undefined;
      }, 30_000, "the dead letter");
      expect(dead).toMatchObject({ consumer: "users-send-mail", attempts: MAX_ATTEMPTS, payload: { to: email } });
      expect(dead!.error).toMatch(/mailbox busy/);
      expect(tries.get(email)).toBe(MAX_ATTEMPTS);
      expect(await processed(id)).toBe(1);
      // a while longer: no further try, and nothing delivered
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      expect(tries.get(email)).toBe(MAX_ATTEMPTS);
      expect(received.some((message) => message.to.includes(email))).toBe(false);
    });
  });
});
