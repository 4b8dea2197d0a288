import { optionalSetting, readEnv, readEventsConfig, type EventsConfig } from "@booking/common";
import { ROUTER_PORT, readServiceUrls, type SubgraphName } from "@booking/contracts";
import { Decimal } from "decimal.js";
import { z } from "zod";

export interface PaymentsConfig {
  /** PAYMENTS_WEBHOOK_SECRET: signs provider webhooks (Payment-Signature) */
  webhookSecret: string;
  /** PLATFORM_FEE_PERCENT: the COMMISSION share of each captured payment */
  platformFeePercent: Decimal;
  /** PAYMENTS_WEBHOOK_URL: where the built-in test provider sends its webhooks (the router's route) */
  testProviderWebhookUrl: string;
  /** PAYMENTS_TEST_SETTLE_MS: how long the test provider's settle-later methods stay PROCESSING */
  testProviderSettleMs: number;
  /** where the other subgraphs answer (USERS_URL ... PAYMENTS_URL) */
  serviceUrls: Record<SubgraphName, string>;
  events: EventsConfig;
}

/** The payments subgraph's own settings, read once at start. */
export function readPaymentsConfig(env: NodeJS.ProcessEnv): PaymentsConfig {
  const parsed = readEnv(
    {
      PAYMENTS_WEBHOOK_SECRET: z.string().min(16, "must be at least 16 characters (e.g. openssl rand -hex 32)"),
      PLATFORM_FEE_PERCENT: optionalSetting(z.string().regex(/^\d{1,2}(\.\d{1,4})?$|^100$/, "must be a percentage from 0 to 100, e.g. 10 or 12.5")),
      PAYMENTS_WEBHOOK_URL: optionalSetting(z.string().url()),
      PAYMENTS_TEST_SETTLE_MS: z.coerce.number().int().min(0).max(600_000).default(500),
    },
    env,
  );
  return {
    webhookSecret: parsed.PAYMENTS_WEBHOOK_SECRET,
    platformFeePercent: new Decimal(parsed.PLATFORM_FEE_PERCENT ?? "10"),
    testProviderWebhookUrl: parsed.PAYMENTS_WEBHOOK_URL ?? `http://127.0.0.1:${ROUTER_PORT}/webhooks/payments/test`,
    testProviderSettleMs: parsed.PAYMENTS_TEST_SETTLE_MS,
    serviceUrls: readServiceUrls(env),
    events: readEventsConfig(env),
  };
}
