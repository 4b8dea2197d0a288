import { randomBytes } from "node:crypto";
import { signWebhook } from "../webhook/webhook-signature.js";
import type { WebhookEvent, WebhookEventType } from "../webhook/webhook-event.js";
import { ProviderStateError, UnknownPaymentMethodError, type PaymentProvider, type ProviderIntent, type ProviderOutcome, type ProviderRefund } from "./payment-provider.js";

/**
 * Stripe's test mode, in-process: the methods it knows and what each does. Settle-later methods
 * answer PROCESSING and report the outcome by webhook only, after `settleMs`.
 */
export const TEST_PAYMENT_METHODS = {
  pm_card_visa: { outcome: "SUCCEEDED" },
  pm_card_chargeDeclined: { outcome: "FAILED", failureReason: "card_declined" },
  pm_card_settles_later: { outcome: "PROCESSING", settlesAs: "SUCCEEDED" },
  pm_card_settles_later_declined: { outcome: "PROCESSING", settlesAs: "FAILED", failureReason: "card_declined" },
} as const;

type TestMethod = keyof typeof TEST_PAYMENT_METHODS;

interface TestIntent {
  id: string;
  clientSecret: string;
  amount: string;
  currency: string;
  status: "requires_payment_method" | "processing" | "succeeded" | "failed";
  refunds: Map<string, { id: string; amount: string }>;
}

export interface TestProviderOptions {
  /** The router's webhook route for this provider, e.g. http://127.0.0.1:4000/webhooks/payments/test */
  webhookUrl: string;
  webhookSecret: string;
  /** How long settle-later methods stay PROCESSING. */
  settleMs: number;
}

/** One webhook as the provider sends it: the raw body, signed afresh at each send. */
export interface WebhookDelivery {
  event: WebhookEvent;
  body: string;
}

const DELIVERY_ATTEMPTS = 5;

/**
 * The built-in `test` provider. State lives in this process (a restart forgets its intents, as
 * test data may). Its webhooks go to the router signed with PAYMENTS_WEBHOOK_SECRET, a moment
 * after the call that caused them, retried with backoff while the router does not answer 2xx;
 * tests may hold them back and release them later, in any order, or replay what was sent.
 */
export class TestPaymentProvider implements PaymentProvider {
  readonly name = "test";
  private readonly intents = new Map<string, TestIntent>();
  private readonly intentsByKey = new Map<string, string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  private holding = false;
  private held: WebhookDelivery[] = [];
  private readonly sent: WebhookDelivery[] = [];
  private stopped = false;

  constructor(private readonly options: TestProviderOptions) {}

  async createIntent(request: { amount: string; currency: string; idempotencyKey: string }): Promise<ProviderIntent> {
    const known = this.intentsByKey.get(request.idempotencyKey);
    const existing = known ? this.intents.get(known) : undefined;
    if (existing) return { providerPaymentId: existing.id, clientSecret: existing.clientSecret };
    const id = `pi_test_${randomBytes(12).toString("hex")}`;
    const intent: TestIntent = { id, clientSecret: `${id}_secret_${randomBytes(12).toString("hex")}`, amount: request.amount, currency: request.currency, status: "requires_payment_method", refunds: new Map() };
    this.intents.set(id, intent);
    this.intentsByKey.set(request.idempotencyKey, id);
    return { providerPaymentId: id, clientSecret: intent.clientSecret };
  }

  async confirm(request: { providerPaymentId: string; paymentMethod: string }): Promise<ProviderOutcome> {
    const intent = this.intents.get(request.providerPaymentId);
    if (!intent) throw new ProviderStateError(`no intent ${request.providerPaymentId}`);
    return this.pay(intent, request.paymentMethod);
  }

  /** A client paying the provider directly with the client secret: only the webhook tells payments. */
  async payWithClientSecret(clientSecret: string, paymentMethod: string): Promise<ProviderOutcome | null> {
    const intent = [...this.intents.values()].find((candidate) => candidate.clientSecret === clientSecret);
    return intent ? this.pay(intent, paymentMethod) : null;
  }

  async refund(request: { providerPaymentId: string; amount: string; currency: string; idempotencyKey: string }): Promise<ProviderRefund> {
    const intent = this.intents.get(request.providerPaymentId);
    if (!intent || intent.status !== "succeeded") throw new ProviderStateError(`intent ${request.providerPaymentId} has no charge to refund`);
    const known = intent.refunds.get(request.idempotencyKey);
    if (known) return { providerRefundId: known.id, status: "SUCCEEDED" };
    const refund = { id: `re_test_${randomBytes(12).toString("hex")}`, amount: request.amount };
    intent.refunds.set(request.idempotencyKey, refund);
    this.emit("charge.refunded", intent, { amount: refund.amount, providerRefundId: refund.id });
    return { providerRefundId: refund.id, status: "SUCCEEDED" };
  }

  /** Webhooks from now on wait until `release` (or are dropped by `release({ drop: true })`). */
  holdWebhooks(): void {
    this.holding = true;
  }

  /** Sends the held webhooks (in the order they were made, or reversed) and stops holding. */
  releaseWebhooks(options: { reverse?: boolean; drop?: boolean } = {}): number {
    this.holding = false;
    const held = this.held.splice(0);
    if (options.drop) return held.length;
    for (const delivery of options.reverse ? held.reverse() : held) this.track(this.deliver(delivery));
    return held.length;
  }

  /** Every webhook sent so far, oldest first (to replay them). */
  sentWebhooks(): readonly WebhookDelivery[] {
    return this.sent;
  }

  /** Cancels pending settlements and waits for deliveries under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await Promise.allSettled([...this.inFlight]);
  }

  private pay(intent: TestIntent, paymentMethod: string): ProviderOutcome {
    if (!(paymentMethod in TEST_PAYMENT_METHODS)) throw new UnknownPaymentMethodError(paymentMethod);
    if (intent.status !== "requires_payment_method") throw new ProviderStateError(`intent ${intent.id} is ${intent.status}`);
    const method = TEST_PAYMENT_METHODS[paymentMethod as TestMethod];
    switch (method.outcome) {
      case "SUCCEEDED":
        this.settle(intent, "SUCCEEDED", null);
        return { status: "SUCCEEDED" };
      case "FAILED":
        this.settle(intent, "FAILED", method.failureReason);
        return { status: "FAILED", failureReason: method.failureReason };
      case "PROCESSING": {
        intent.status = "processing";
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          this.settle(intent, method.settlesAs, "failureReason" in method ? method.failureReason : null);
        }, this.options.settleMs);
        this.timers.add(timer);
        return { status: "PROCESSING" };
      }
    }
  }

  private settle(intent: TestIntent, outcome: "SUCCEEDED" | "FAILED", failureReason: string | null): void {
    intent.status = outcome === "SUCCEEDED" ? "succeeded" : "failed";
    this.emit(outcome === "SUCCEEDED" ? "payment_intent.succeeded" : "payment_intent.payment_failed", intent, { amount: intent.amount, failureReason });
  }

  private emit(type: WebhookEventType, intent: TestIntent, data: { amount: string; failureReason?: string | null; providerRefundId?: string }): void {
    const event: WebhookEvent = {
      id: `evt_test_${randomBytes(12).toString("hex")}`,
      type,
      data: { providerPaymentId: intent.id, amount: data.amount, currency: intent.currency, failureReason: data.failureReason ?? null, ...(data.providerRefundId ? { providerRefundId: data.providerRefundId } : {}) },
    };
    const delivery = { event, body: JSON.stringify(event) };
    if (this.holding) {
      this.held.push(delivery);
      return;
    }
    // After the current call returns, as a provider's webhook comes after its API answer.
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.track(this.deliver(delivery));
    }, 0);
    this.timers.add(timer);
  }

  private track(delivery: Promise<void>): void {
    this.inFlight.add(delivery);
    void delivery.finally(() => this.inFlight.delete(delivery));
  }

  private async deliver(delivery: WebhookDelivery): Promise<void> {
    this.sent.push(delivery);
    for (let attempt = 1; attempt <= DELIVERY_ATTEMPTS && !this.stopped; attempt += 1) {
      try {
        const response = await fetch(this.options.webhookUrl, {
          method: "POST",
          headers: { "content-type": "application/json", "payment-signature": signWebhook(this.options.webhookSecret, delivery.body) },
          body: delivery.body,
          signal: AbortSignal.timeout(10_000),
        });
        await response.arrayBuffer();
        if (response.ok) return;
        console.error(`test provider: webhook ${delivery.event.id} answered ${response.status} (attempt ${attempt})`);
      } catch (error) {
        console.error(`test provider: webhook ${delivery.event.id} failed (attempt ${attempt}): ${(error as Error).message}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100 * 4 ** (attempt - 1)));
    }
  }
}
