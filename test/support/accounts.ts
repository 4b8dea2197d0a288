import { randomBytes } from "node:crypto";
import { expect } from "vitest";
import type { TestSupergraph } from "./supergraph.js";

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

/** The newest 6-digit code mailed to `email` (read from the users outbox, as the mail would say). */
export async function lastMailedCode(system: TestSupergraph, email: string): Promise<string> {
  const mail = await system.subgraphs.users.db.mailOutbox.findFirst({ where: { toAddress: email.toLowerCase() }, orderBy: { createdAt: "desc" } });
  const code = mail?.textBody.match(/\b(\d{6})\b/)?.[1];
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
