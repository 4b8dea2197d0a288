import { requireSignedRequest } from "@booking/common";
import { PAYMENT_WEBHOOK_PATH, TEST_PROVIDER_PAY_PATH, TEST_PROVIDER_WEBHOOKS_PATH, type PaymentWebhookForward } from "@booking/contracts";
import type express from "express";
import type { TestPaymentProvider } from "../provider/test-provider.js";
import type { PaymentWebhooks } from "./payment-webhooks.service.js";

/** Provider webhooks as the router forwards them (signed): the raw body and its Payment-Signature. */
export function servePaymentWebhooks(app: express.Express, webhooks: PaymentWebhooks, internalSecret: string): void {
  app.post(PAYMENT_WEBHOOK_PATH, ...requireSignedRequest(internalSecret), async (request, response) => {
    const forward = readJson<PaymentWebhookForward>(request);
    if (!forward || typeof forward.provider !== "string" || typeof forward.payload !== "string") {
      response.status(400).json({ error: "not a forwarded webhook" });
      return;
    }
    try {
      const answer = await webhooks.receive(forward.provider, typeof forward.signature === "string" ? forward.signature : null, Buffer.from(forward.payload, "base64"));
      response.status(answer.status).json(answer.body);
    } catch (error) {
      // The provider retries a 5xx, which is what a failure we did not expect needs.
      console.error("payment webhook failed:", error);
      response.status(500).json({ error: "internal error (see this service's log)" });
    }
  });
}

/** The test provider's own API, which a client would call directly (signed; never in production). */
export function serveTestProvider(app: express.Express, provider: TestPaymentProvider, internalSecret: string): void {
  app.post(TEST_PROVIDER_PAY_PATH, ...requireSignedRequest(internalSecret), async (request, response) => {
    const body = readJson<{ clientSecret?: unknown; paymentMethod?: unknown }>(request);
    if (typeof body?.clientSecret !== "string" || typeof body.paymentMethod !== "string") {
      response.status(400).json({ error: "clientSecret and paymentMethod are required" });
      return;
    }
    try {
      const outcome = await provider.payWithClientSecret(body.clientSecret, body.paymentMethod);
      if (outcome) response.json(outcome);
      else response.status(404).json({ error: "no intent has this client secret" });
    } catch (error) {
      response.status(400).json({ error: (error as Error).message });
    }
  });
  app.post(TEST_PROVIDER_WEBHOOKS_PATH, ...requireSignedRequest(internalSecret), (request, response) => {
    const body = readJson<{ action?: unknown; reverse?: unknown; drop?: unknown }>(request);
    switch (body?.action) {
      case "hold":
        provider.holdWebhooks();
        response.json({ held: 0 });
        return;
      case "release":
        response.json({ held: provider.releaseWebhooks({ reverse: body.reverse === true, drop: body.drop === true }) });
        return;
      case "sent":
        response.json({ deliveries: provider.sentWebhooks().map(({ event, body: raw }) => ({ id: event.id, type: event.type, body: raw })) });
        return;
      default:
        response.status(400).json({ error: "action must be hold, release or sent" });
    }
  });
}

function readJson<T>(request: express.Request): T | null {
  try {
    return JSON.parse((request.body as Buffer).toString("utf8")) as T;
  } catch {
    return null;
  }
}
