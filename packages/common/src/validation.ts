import { IANAZone } from "luxon";
import { badInput } from "./errors.js";

/**
 * Input rules more than one subgraph applies to free text, contacts and time zones. Each
 * throws BAD_USER_INPUT naming the field; each returns the value as it is stored.
 */

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9 ()-]{6,20}$/;

/** Required text: trimmed, non-empty, at most `max` characters. */
export function requiredText(value: string, field: string, max: number): string {
  const trimmed = value.trim();
  if (trimmed === "") throw badInput(field, `${field} must not be empty`);
  if (trimmed.length > max) throw badInput(field, `${field} must be at most ${max} characters`);
  return trimmed;
}

/** Optional text: trimmed, empty or null means none, at most `max` characters; undefined stays undefined (no change). */
export function optionalText(value: string | null | undefined, field: string, max: number): string | null | undefined {
  if (value === undefined) return undefined;
  const trimmed = value?.trim() ?? "";
  if (trimmed.length > max) throw badInput(field, `${field} must be at most ${max} characters`);
  return trimmed === "" ? null : trimmed;
}

/** Emails compare case-insensitively: they are stored trimmed and lower-cased. */
export function normaliseEmail(value: string): string {
  return value.trim().toLowerCase();
}

/** A required email, normalised: at most 254 characters, something@something.tld. */
export function requiredEmail(value: string, field = "email"): string {
  const normalised = normaliseEmail(value);
  if (normalised.length > 254 || !EMAIL.test(normalised)) throw badInput(field, "Email address is malformed");
  return normalised;
}

/** An optional contact email, normalised; empty or null means none. */
export function optionalEmail(value: string | null | undefined, field = "email"): string | null | undefined {
  if (value === undefined) return undefined;
  const normalised = normaliseEmail(value ?? "");
  return normalised === "" ? null : requiredEmail(normalised, field);
}

/** An optional phone number: digits, spaces, dashes, brackets and a leading +; empty or null means none. */
export function optionalPhone(value: string | null | undefined, field = "phone"): string | null | undefined {
  if (value === undefined) return undefined;
  const trimmed = value?.trim() ?? "";
  if (trimmed === "") return null;
  if (!PHONE.test(trimmed)) throw badInput(field, "Phone number is malformed");
  return trimmed;
}

/**
 * An IANA time zone name such as Europe/Berlin (or UTC), as the time-zone database knows it;
 * fixed offsets like +02:00 are not zones (they ignore daylight saving). Letter case is
 * corrected ("europe/berlin" -> "Europe/Berlin"); other names are kept as given.
 */
export function ianaTimeZone(value: string, field = "timezone"): string {
  const trimmed = value.trim();
  if (!/^[A-Za-z]/.test(trimmed) || trimmed.length > 64 || !IANAZone.isValidZone(trimmed)) {
    throw badInput(field, `${field} must be an IANA time zone such as Europe/Berlin`);
  }
  const resolved = new Intl.DateTimeFormat("en-US", { timeZone: trimmed }).resolvedOptions().timeZone;
  return resolved.toLowerCase() === trimmed.toLowerCase() ? resolved : trimmed;
}
