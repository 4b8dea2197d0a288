import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { Viewer } from "./context.js";
import { Role } from "./enums.js";

/**
 * The trust chain between the router and the subgraphs: every request a subgraph accepts
 * carries a timestamp, the verified viewer (or none) and an HMAC-SHA256 over both and the
 * body's hash, made with the secret they share. Unsigned or stale requests are refused.
 */
export const TRUST_HEADERS = {
  timestamp: "x-booking-timestamp",
  viewer: "x-booking-viewer",
  signature: "x-booking-signature",
} as const;

/** How old a signature may be; bounds replays of a captured request. */
export const SIGNATURE_MAX_AGE_MS = 60_000;

function signature(secret: string, timestamp: string, viewer: string, body: string | Buffer): string {
  const bodyHash = createHash("sha256").update(body).digest("hex");
  return createHmac("sha256", secret).update(`${timestamp}\n${viewer}\n${bodyHash}`).digest("base64url");
}

/** The viewer as it travels in the viewer header ("" for anonymous). */
export function encodeViewer(viewer: Viewer | null): string {
  return viewer ? Buffer.from(JSON.stringify({ userId: viewer.userId, role: viewer.role })).toString("base64url") : "";
}

/** Headers that let a subgraph trust `body` and `viewer`. */
export function signRequest(secret: string, body: string, viewer: Viewer | null, now = Date.now()): Record<string, string> {
  return signEncodedRequest(secret, body, encodeViewer(viewer), now);
}

/** `signRequest` for a viewer already in its header form. */
export function signEncodedRequest(secret: string, body: string, encoded: string, now = Date.now()): Record<string, string> {
  const timestamp = String(now);
  return {
    [TRUST_HEADERS.timestamp]: timestamp,
    [TRUST_HEADERS.viewer]: encoded,
    [TRUST_HEADERS.signature]: signature(secret, timestamp, encoded, body),
  };
}

export type VerifiedRequest = { ok: true; viewer: Viewer | null } | { ok: false; reason: string };

/** Checks a request's signature against its raw body; returns the viewer it vouches for. */
export function verifyRequest(
  secret: string,
  headers: Record<string, string | string[] | undefined>,
  rawBody: Buffer | string,
  now = Date.now(),
): VerifiedRequest {
  const timestamp = headers[TRUST_HEADERS.timestamp];
  const viewer = headers[TRUST_HEADERS.viewer] ?? "";
  const given = headers[TRUST_HEADERS.signature];
  if (typeof timestamp !== "string" || typeof viewer !== "string" || typeof given !== "string") {
    return { ok: false, reason: "unsigned request" };
  }
  if (!/^\d{1,15}$/.test(timestamp) || Math.abs(now - Number(timestamp)) > SIGNATURE_MAX_AGE_MS) {
    return { ok: false, reason: "stale or malformed timestamp" };
  }
  const expected = Buffer.from(signature(secret, timestamp, viewer, rawBody));
  const actual = Buffer.from(given);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return { ok: false, reason: "bad signature" };
  if (viewer === "") return { ok: true, viewer: null };
  try {
    const parsed = JSON.parse(Buffer.from(viewer, "base64url").toString("utf8")) as { userId?: unknown; role?: unknown };
    if (typeof parsed.userId !== "string" || !Object.values(Role).includes(parsed.role as Role)) {
      return { ok: false, reason: "malformed viewer" };
    }
    return { ok: true, viewer: { userId: parsed.userId, role: parsed.role as Role } };
  } catch {
    return { ok: false, reason: "malformed viewer" };
  }
}
