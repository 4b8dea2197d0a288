import { createHash, createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import type { Caller, Viewer } from "./context.js";
import { Role } from "./role.js";

/**
 * The trust chain between the router and the subgraphs: every request a subgraph accepts
 * carries a timestamp, the caller the router verified (viewer or none, client address) and
 * an HMAC-SHA256 over both, the service it is for (its audience), the method and URL, and the
 * body's hash. The HMAC key is derived (HKDF) from the shared INTERNAL_SECRET for that one
 * audience, so a signature made for users is worthless at bookings. Unsigned, tampered, stale
 * or re-aimed requests are refused.
 *
 * What this does not give: every service still holds INTERNAL_SECRET, so a compromised
 * service can derive any audience's key and speak to the others as the router would.
 */
export const TRUST_HEADERS = {
  timestamp: "x-booking-timestamp",
  caller: "x-booking-caller",
  signature: "x-booking-signature",
} as const;

/** How old a signature may be; bounds replays of a captured request. */
export const SIGNATURE_MAX_AGE_MS = 60_000;

/**
 * Where a signed request goes: the service it is for (a subgraph's name), its method and URL
 * (absolute, or path and query). All are signed, so a captured signature cannot be replayed at
 * another endpoint or another service.
 */
export interface SignedTarget {
  audience: string;
  method: string;
  url: string | URL;
}

const audienceKeys = new Map<string, Buffer>();

/** The HMAC key for requests to one service, derived from the shared secret. */
function audienceKey(secret: string, audience: string): Buffer {
  const cacheKey = `${audience}\n${secret}`;
  let key = audienceKeys.get(cacheKey);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", secret, "booking internal requests", `audience:${audience}`, 32));
    audienceKeys.set(cacheKey, key);
  }
  return key;
}

function targetLine({ method, url }: SignedTarget): string {
  const parsed = new URL(url, "http://internal");
  return `${method.toUpperCase()} ${parsed.pathname}${parsed.search}`;
}

function signature(secret: string, timestamp: string, target: SignedTarget, caller: string, body: string | Buffer): string {
  const bodyHash = createHash("sha256").update(body).digest("hex");
  return createHmac("sha256", audienceKey(secret, target.audience)).update(`${timestamp}\n${target.audience}\n${targetLine(target)}\n${caller}\n${bodyHash}`).digest("base64url");
}

/** A request made by a service itself, for no viewer. */
export const SYSTEM_CALLER: Caller = { viewer: null, clientIp: null };

/** The caller as it travels in its header. */
export function encodeCaller(caller: Caller): string {
  const viewer = caller.viewer ? { userId: caller.viewer.userId, role: caller.viewer.role } : null;
  return Buffer.from(JSON.stringify({ viewer, clientIp: caller.clientIp })).toString("base64url");
}

/** Headers that let a subgraph trust a request to `target` with `body`, and its caller. */
export function signRequest(secret: string, target: SignedTarget, body: string, caller: Caller, now = Date.now()): Record<string, string> {
  return signEncodedRequest(secret, target, body, encodeCaller(caller), now);
}

/** `signRequest` for a caller already in its header form. */
export function signEncodedRequest(secret: string, target: SignedTarget, body: string, encodedCaller: string, now = Date.now()): Record<string, string> {
  const timestamp = String(now);
  return {
    [TRUST_HEADERS.timestamp]: timestamp,
    [TRUST_HEADERS.caller]: encodedCaller,
    [TRUST_HEADERS.signature]: signature(secret, timestamp, target, encodedCaller, body),
  };
}

export type VerifiedRequest = { ok: true; caller: Caller } | { ok: false; reason: string };

/** An incoming request as the check needs it (express's `request` fits: use `originalUrl`). */
export interface IncomingSignedRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * Checks a request's signature against the service checking it (`audience`), its method, URL
 * and raw body; returns the caller it vouches for.
 */
export function verifyRequest(secret: string, audience: string, request: IncomingSignedRequest, rawBody: Buffer | string, now = Date.now()): VerifiedRequest {
  const { headers } = request;
  const timestamp = headers[TRUST_HEADERS.timestamp];
  const caller = headers[TRUST_HEADERS.caller];
  const given = headers[TRUST_HEADERS.signature];
  if (typeof timestamp !== "string" || typeof caller !== "string" || typeof given !== "string") {
    return { ok: false, reason: "unsigned request" };
  }
  if (!/^\d{1,15}$/.test(timestamp) || Math.abs(now - Number(timestamp)) > SIGNATURE_MAX_AGE_MS) {
    return { ok: false, reason: "stale or malformed timestamp" };
  }
  const expected = Buffer.from(signature(secret, timestamp, { audience, method: request.method, url: request.url }, caller, rawBody));
  const actual = Buffer.from(given);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return { ok: false, reason: "bad signature" };
  const decoded = decodeCaller(caller);
  return decoded ? { ok: true, caller: decoded } : { ok: false, reason: "malformed caller" };
}

function decodeCaller(encoded: string): Caller | null {
  try {
    const parsed = JSON.parse(Buffer.from(encoded, "base64url").toString("utf8")) as { viewer?: unknown; clientIp?: unknown };
    const clientIp = typeof parsed.clientIp === "string" ? parsed.clientIp : null;
    if (parsed.viewer === null || parsed.viewer === undefined) return { viewer: null, clientIp };
    const viewer = parsed.viewer as { userId?: unknown; role?: unknown };
    if (typeof viewer.userId !== "string" || !Object.values(Role).includes(viewer.role as Role)) return null;
    return { viewer: { userId: viewer.userId, role: viewer.role as Role } satisfies Viewer, clientIp };
  } catch {
    return null;
  }
}
