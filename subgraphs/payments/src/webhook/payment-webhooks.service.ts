import type { PaymentTransactions } from "../payment/payment-writes.repository.js";
import type { PaymentSettlement } from "../payment/payment-settlement.service.js";
import { parseWebhookEvent, type WebhookEvent } from "./webhook-event.js";
import { verifyWebhook } from "./webhook-signature.js";

/** The answer to a provider: 400 refuses (it will retry), 200 acknowledges, 404 names no provider. */
export interface WebhookAnswer {
  status: 200 | 400 | 404;
  body: { received: true; ignored?: string } | { error: string };
}

/**
 * Provider webhooks: verified against PAYMENTS_WEBHOOK_SECRET over the raw body, then applied
 * once per event id through the settlement every other path uses. Unknown payments and event
 * types are acknowledged and ignored; a settled payment never goes back.
 */
export class PaymentWebhooks {
  constructor(
    private readonly secret: string,
    private readonly providerNames: ReadonlySet<string>,
    private readonly transactions: PaymentTransactions,
    private readonly settlement: PaymentSettlement,
  ) {}

  async receive(provider: string, signature: string | null, rawBody: Buffer): Promise<WebhookAnswer> {
    if (!this.providerNames.has(provider)) return { status: 404, body: { error: `no payment provider ${provider}` } };
    const verified = verifyWebhook(this.secret, signature, rawBody);
    if (!verified.ok) return { status: 400, body: { error: verified.reason } };
    const parsed = parseWebhookEvent(rawBody);
    if ("error" in parsed) return { status: 400, body: { error: parsed.error } };
    if (!parsed.event) return { status: 200, body: { received: true, ignored: "event type" } };
    const ignored = await this.apply(provider, parsed.event);
    return { status: 200, body: ignored ? { received: true, ignored } : { received: true } };
  }

  /** Applies the event in one transaction; returns why it changed nothing, if it did not apply. */
  private apply(provider: string, event: WebhookEvent): Promise<string | null> {
    return this.transactions(async (writes) => {
      const payment = await writes.lockPaymentOfProvider(provider, event.data.providerPaymentId);
      if (!payment) return "unknown payment";
      if (!(await writes.recordWebhookEvent({ provider, eventId: event.id, type: event.type, paymentId: payment.id }))) return "already processed";
      switch (event.type) {
        case "payment_intent.succeeded":
          await this.settlement.succeed(writes, payment);
          return null;
        case "payment_intent.payment_failed":
          await this.settlement.fail(writes, payment, event.data.failureReason ?? "payment_failed");
          return null;
        case "charge.refunded": {
          const refunds = await writes.refundsOf(payment.id);
          const refund = refunds.find((candidate) => candidate.providerRefundId === event.data.providerRefundId);
          if (refund) {
            await this.settlement.refundSucceeded(writes, payment, refund);
            return null;
          }
          // A refund made at the provider itself (its dashboard): recorded as it happened.
          return (await this.settlement.recordProviderRefund(writes, payment, event.data.providerRefundId!, event.data.amount)) ? null : "refund exceeds the payment";
        }
      }
    });
  }
}
