import { randomBytes } from "node:crypto";
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { expect } from "vitest";
import type { TestSupergraph } from "./supergraph.js";
import { waitFor } from "./wait.js";

export const PASSWORD = "correct horse battery";

export interface SignedIn {
  id: string;
  email: string;
  username: string;
  accessToken: string;
  refreshToken: string;
}

/** A unique email and username for one test. */
export function uniqueIdentity(prefix = "user") {
  const tag = randomBytes(4).toString("hex");
  return { email: `${prefix}.${tag}@example.com`, username: `${prefix}_${tag}` };
}

/** A mail as users delivered it (mail-to-file: `To:`, `Subject:`, a blank line, the text). */
export interface DeliveredMail {
  to: string;
  subject: string;
  text: string;
}

/** The mail requests to `email`, oldest first: users' `mail.requested` events, written in the transaction that asked. */
export async function mailRequestsTo(system: TestSupergraph, email: string): Promise<{ id: string; subject: string }[]> {
  return system.subgraphs.users.db.$queryRaw<{ id: string; subject: string }[]>`
    SELECT id::text AS id, payload->>'subject' AS subject FROM events.event_outbox
    WHERE type = 'mail.requested' AND payload->>'to' = ${email.toLowerCase()} ORDER BY position`;
}

/** Every mail delivered so far (files `<instant>-<request id>.txt` under the system's DATA_DIR/mail), by the id of the request that asked for it. */
export async function deliveredMails(system: TestSupergraph): Promise<Map<string, DeliveredMail>> {
  const files = await readdir(system.mailDir).catch(() => [] as string[]);
  const mails = new Map<string, DeliveredMail>();
  for (const file of files) {
    const id = /-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.txt$/.exec(file)?.[1];
    if (id) mails.set(id, await readMail(path.join(system.mailDir, file)));
  }
  return mails;
}

/** The mail one request asked for, once delivered; null until then. */
export async function deliveredMail(system: TestSupergraph, requestId: string): Promise<DeliveredMail | null> {
  const file = (await readdir(system.mailDir).catch(() => [] as string[])).find((name) => name.endsWith(`-${requestId}.txt`));
  return file ? readMail(path.join(system.mailDir, file)) : null;
}

async function readMail(file: string): Promise<DeliveredMail> {
  const [head = "", ...body] = (await readFile(file, "utf8")).split("\n\n");
  const header = (name: string) => new RegExp(`^${name}: (.*)$`, "m").exec(head)?.[1] ?? "";
  return { to: header("To"), subject: header("Subject"), text: body.join("\n\n") };
}

/** The mail delivered to `email` so far whose subject matches (delivery is asynchronous: poll with waitFor). */
export async function mailsTo(system: TestSupergraph, email: string, subject: RegExp): Promise<DeliveredMail[]> {
  return [...(await deliveredMails(system)).values()].filter((mail) => mail.to === email.toLowerCase() && subject.test(mail.subject));
}

/**
 * The code in the newest mail users was asked to send to `email` (in the transaction that made
 * the code), read from that mail once it is delivered.
 */
export async function lastMailedCode(system: TestSupergraph, email: string): Promise<string> {
  const newest = (await mailRequestsTo(system, email)).at(-1);
  expect(newest, `a mail requested for ${email}`).toBeDefined();
  const mail = await waitFor(() => deliveredMail(system, newest!.id), 10_000, `the mail to ${email} to be delivered`);
  const code = /\b(\d{6})\b/.exec(mail.text)?.[1];
  expect(code, `a code mailed to ${email}`).toBeDefined();
  return code!;
}

/** register -> verifyEmail -> login through the router, as a client does. */
export async function signUp(system: TestSupergraph, options: { role?: "CUSTOMER" | "VENDOR"; prefix?: string } = {}): Promise<SignedIn> {
  const { email, username } = uniqueIdentity(options.prefix ?? options.role?.toLowerCase() ?? "user");
  const registered = await system.request(`mutation($input: RegisterInput!) { register(input: $input) { id } }`, {
    input: { email, username, password: PASSWORD, role: options.role ?? "CUSTOMER", firstName: "Test", lastName: username },
  });
  expect(registered.errors).toBeUndefined();
  const code = await lastMailedCode(system, email);
  const verified = await system.request(`mutation($email: String!, $code: String!) { verifyEmail(email: $email, code: $code) { id } }`, { email, code });
  expect(verified.errors).toBeUndefined();
  return signIn(system, email);
}

export async function signIn(system: TestSupergraph, login: string, password = PASSWORD): Promise<SignedIn> {
  const result = await system.request(
    `mutation($login: String!, $password: String!) { login(login: $login, password: $password) { accessToken refreshToken user { id email username } } }`,
    { login, password },
  );
  expect(result.errors).toBeUndefined();
  const { accessToken, refreshToken, user } = result.data.login;
  return { ...user, accessToken, refreshToken };
}

/** An ACTIVE admin, made the way an operator would (ADMIN cannot be self-assigned). */
export async function signUpAdmin(system: TestSupergraph): Promise<SignedIn> {
  const account = await signUp(system, { prefix: "admin" });
  await system.subgraphs.users.db.user.update({ where: { id: account.id }, data: { role: "ADMIN" } });
  return signIn(system, account.email);
}
