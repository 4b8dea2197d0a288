/** The signed internal endpoints of the payments subgraph. */
/**
 * payments: `POST PaymentWebhookForward` -> `{ received: true }` (200) or `{ error }` (400). The
 * router forwards a provider's webhook (`POST /webhooks/payments/<provider>`) here, the raw body
 * byte for byte (base64) with its `Payment-Signature` header, and passes the status back.
 */
export const PAYMENT_WEBHOOK_PATH = "/internal/payment-webhooks";

export interface PaymentWebhookForward {
  provider: string;
  /** the Payment-Signature header, or null when absent */
  signature: string | null;
  /** the raw request body, base64 */
  payload: string;
}

/**
 * payments, outside production, with the built-in `test` provider: what its API would let a client
 * do directly. `POST { clientSecret, paymentMethod }` pays an intent with its client secret (only
 * the provider's webhook tells payments) -> `{ status, failureReason? }`, 404 for an unknown secret.
 */
export const TEST_PROVIDER_PAY_PATH = "/internal/test-provider/pay";

/**
 * payments, outside production: the test provider's webhook deliveries. `POST { action: "hold" }`
 * keeps new ones back; `{ action: "release", reverse?, drop? }` sends (or drops) what was held;
 * `{ action: "sent" }` lists what was sent -> `{ held?, deliveries?: { id, type, body }[] }`.
 */
export const TEST_PROVIDER_WEBHOOKS_PATH = "/internal/test-provider/webhooks";
