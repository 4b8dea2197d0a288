/** The provider webhook's body, as the contract gives it ("Payment provider webhooks"). */
export const WEBHOOK_EVENT_TYPES = ["payment_intent.succeeded", "payment_intent.payment_failed", "charge.refunded"] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export interface WebhookEvent {
  id: string;
  type: WebhookEventType;
  data: {
    providerPaymentId: string;
    amount: string;
    currency: string;
    failureReason: string | null;
    /** charge.refunded only */
    providerRefundId?: string;
  };
}

/** The event in a verified body, or why it is not one (400). Unknown types are read and ignored. */
export function parseWebhookEvent(raw: Buffer): { event: WebhookEvent | null } | { error: string } {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString("utf8"));
  } catch {
    return { error: "the body is not JSON" };
  }
  if (typeof body !== "object" || body === null) return { error: "the body is not an event" };
  const { id, type, data } = body as Record<string, unknown>;
  if (typeof id !== "string" || id.length === 0 || id.length > 255 || typeof type !== "string") return { error: "the event has no id or type" };
  if (!(WEBHOOK_EVENT_TYPES as readonly string[]).includes(type)) return { event: null };
  if (typeof data !== "object" || data === null) return { error: "the event has no data" };
  const fields = data as Record<string, unknown>;
  if (typeof fields.providerPaymentId !== "string" || typeof fields.amount !== "string" || typeof fields.currency !== "string") {
    return { error: "the event's data lacks providerPaymentId, amount or currency" };
  }
  if (type === "charge.refunded" && typeof fields.providerRefundId !== "string") return { error: "charge.refunded lacks providerRefundId" };
  return {
    event: {
      id,
      type: type as WebhookEventType,
      data: {
        providerPaymentId: fields.providerPaymentId,
        amount: fields.amount,
        currency: fields.currency,
        failureReason: typeof fields.failureReason === "string" ? fields.failureReason : null,
        ...(typeof fields.providerRefundId === "string" ? { providerRefundId: fields.providerRefundId } : {}),
      },
    },
  };
}
