/**
 * What payments needs from a payment provider (Stripe-shaped). Every outcome is also reported by
 * the provider's signed webhook (POST /webhooks/payments/<name>), which is what settles a payment
 * confirmed outside our API; an immediate answer is applied at once, and both meet in one
 * idempotent settlement.
 */
export interface PaymentProvider {
  /** The `<provider>` of its webhook route and `Payment.provider`. */
  readonly name: string;
  /** An intent to charge; the same idempotency key returns the same intent. */
  createIntent(request: { amount: string; currency: string; idempotencyKey: string }): Promise<ProviderIntent>;
  /** Confirms an intent with a payment method: the provider's immediate answer. */
  confirm(request: { providerPaymentId: string; paymentMethod: string }): Promise<ProviderOutcome>;
  /** Refunds part or all of a captured intent; the same idempotency key returns the same refund. */
  refund(request: { providerPaymentId: string; amount: string; currency: string; idempotencyKey: string }): Promise<ProviderRefund>;
}

export interface ProviderIntent {
  providerPaymentId: string;
  clientSecret: string;
}

export type ProviderOutcome =
  | { status: "SUCCEEDED" }
  | { status: "FAILED"; failureReason: string }
  /** settles later: only the webhook tells */
  | { status: "PROCESSING" };

export interface ProviderRefund {
  providerRefundId: string;
  status: "SUCCEEDED" | "PENDING" | "FAILED";
}

/** A payment method the provider does not know: the client's mistake (BAD_USER_INPUT). */
export class UnknownPaymentMethodError extends Error {
  constructor(readonly paymentMethod: string) {
    super(`unknown payment method ${JSON.stringify(paymentMethod)}`);
  }
}

/** The provider refuses the operation in the intent's present state. */
export class ProviderStateError extends Error {}
