import { createHmac, timingSafeEqual } from "node:crypto";

/** How far a webhook's timestamp may be from our clock, either way (the contract's 5 minutes). */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

/** The `Payment-Signature` header for a raw body: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export function signWebhook(secret: string, rawBody: Buffer | string, timestampSeconds = Math.floor(Date.now() / 1000)): string {
  return `t=${timestampSeconds},v1=${hmac(secret, timestampSeconds, rawBody)}`;
}

export type WebhookVerification = { ok: true } | { ok: false; reason: string };

/**
 * Checks a `Payment-Signature` against the raw body as Stripe's libraries do: the timestamp within
 * the tolerance, and any `v1` equal to our HMAC, compared in constant time.
 */
export function verifyWebhook(secret: string, header: string | null | undefined, rawBody: Buffer, nowSeconds = Math.floor(Date.now() / 1000)): WebhookVerification {
  if (!header) return { ok: false, reason: "missing Payment-Signature" };
  const parts = header.split(",").map((part) => part.trim().split("="));
  const timestamps = parts.filter(([key]) => key === "t").map(([, value]) => value ?? "");
  const signatures = parts.filter(([key]) => key === "v1").map(([, value]) => value ?? "");
  if (timestamps.length !== 1 || !/^\d{1,12}$/.test(timestamps[0]!) || signatures.length === 0) return { ok: false, reason: "malformed Payment-Signature" };
  const timestamp = Number(timestamps[0]);
  if (Math.abs(nowSeconds - timestamp) > WEBHOOK_TOLERANCE_SECONDS) return { ok: false, reason: "Payment-Signature timestamp outside the tolerance" };
  const expected = Buffer.from(hmac(secret, timestamp, rawBody), "hex");
  const matches = signatures.some((signature) => {
    if (!/^[0-9a-f]+$/i.test(signature)) return false;
    const given = Buffer.from(signature, "hex");
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return matches ? { ok: true } : { ok: false, reason: "Payment-Signature does not match" };
}

function hmac(secret: string, timestampSeconds: number, rawBody: Buffer | string): string {
  return createHmac("sha256", secret).update(`${timestampSeconds}.`).update(rawBody).digest("hex");
}
