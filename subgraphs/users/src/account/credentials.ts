import { badInput, requiredEmail } from "@booking/common";
import { hash, verify } from "@node-rs/argon2";

// argon2id with the library's defaults (19 MiB, 2 passes): OWASP's recommended minimum.
const MIN_PASSWORD_LENGTH = 10;
const MAX_PASSWORD_LENGTH = 256;
const USERNAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{1,28}[A-Za-z0-9])$/;
/** What a sign-in name may look like before anything looks it up: a username, or an email. */
const LOGIN_NAME = /^[A-Za-z0-9._-]{1,64}$/;
const MAX_EMAIL_INPUT_LENGTH = 320;

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return verify(passwordHash, password).catch(() => false);
}

// Verifying against this when a login names nobody keeps the answer's timing the same.
let decoyHash: Promise<string> | null = null;
export async function verifyDecoyPassword(password: string): Promise<false> {
  decoyHash ??= hashPassword("decoy password that matches nothing");
  await verifyPassword(await decoyHash, password);
  return false;
}

export function assertStrongPassword(password: string, field = "password"): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw badInput(field, `Password must be at least ${MIN_PASSWORD_LENGTH} characters`);
  if (password.length > MAX_PASSWORD_LENGTH) throw badInput(field, `Password must be at most ${MAX_PASSWORD_LENGTH} characters`);
}

/**
 * A login (email or username) checked for length and shape before any limiter, lookup or hash
 * sees it, so a megabyte of text costs a length check; returned trimmed and lower-cased.
 */
export function assertLogin(login: string): string {
  if (login.length > MAX_EMAIL_INPUT_LENGTH) throw badInput("login", "Login must be an email address or a username");
  const trimmed = login.trim();
  if (trimmed.includes("@")) return requiredEmail(trimmed, "login");
  if (!LOGIN_NAME.test(trimmed)) throw badInput("login", "Login must be an email address or a username");
  return trimmed.toLowerCase();
}

/** An email a request names (to verify, to reset), checked before any limiter or lookup. */
export function assertEmailInput(email: string): string {
  if (email.length > MAX_EMAIL_INPUT_LENGTH) throw badInput("email", "Email address is malformed");
  return requiredEmail(email);
}

/** A password offered to sign in: never longer than one could have been set. */
export function assertPasswordInput(password: string, field = "password"): void {
  if (password.length > MAX_PASSWORD_LENGTH) throw badInput(field, `Password must be at most ${MAX_PASSWORD_LENGTH} characters`);
}

export function assertUsername(username: string): string {
  const trimmed = username.trim();
  if (!USERNAME.test(trimmed)) {
    throw badInput("username", "Username must be 3-30 letters, digits, dots, dashes or underscores, starting and ending with a letter or digit");
  }
  return trimmed;
}
