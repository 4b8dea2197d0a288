import { AppError, sendSignedRequest } from "@booking/common";
import { PAYMENT_WEBHOOK_PATH, type PaymentWebhookForward } from "@booking/contracts";
import express from "express";

export interface PaymentWebhookOptions {
  /** The payments subgraph's /graphql URL; the forward goes to its internal endpoint beside it. */
  paymentsUrl: string;
  internalSecret: string;
  /** Largest body a provider may send. @default "256kb" */
  limit?: string;
}

const PROVIDER = /^[a-z0-9][a-z0-9_-]{0,31}$/;

/**
 * `POST /webhooks/payments/<provider>`: a payment provider's webhook, forwarded to payments as it
 * came (the raw body, byte for byte, and its Payment-Signature, which payments verifies), over
 * the signed internal client; payments' status goes back to the provider (400 refuses, 200
 * acknowledges; 503 while payments is down, so the provider retries).
 */
export function paymentWebhooks(options: PaymentWebhookOptions): express.Router {
  const router = express.Router();
  router.post("/webhooks/payments/:provider", express.raw({ type: () => true, limit: options.limit ?? "256kb" }), async (request, response) => {
    const provider = String(request.params.provider);
    if (!PROVIDER.test(provider)) {
      response.status(404).json({ error: "no such payment provider" });
      return;
    }
    const raw: Buffer = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const forward: PaymentWebhookForward = { provider, signature: request.get("payment-signature") ?? null, payload: raw.toString("base64") };
    try {
      const answer = await sendSignedRequest(new URL(PAYMENT_WEBHOOK_PATH, options.paymentsUrl), { audience: "payments", internalSecret: options.internalSecret, body: forward, timeoutMs: 15_000 });
      response.status(answer.status).type("application/json").send(await answer.text());
    } catch (error) {
      if (!(error instanceof AppError)) console.error("payment webhook forward failed:", error);
      response.status(503).json({ error: "payments is unavailable; retry later" });
    }
  });
  return router;
}
