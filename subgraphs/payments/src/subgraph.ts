import { createPrismaClient, createUnitOfWork, type SubgraphDefinition } from "@booking/common";
import { applyEventMigrations, startServiceEvents } from "@booking/events";
import { fileURLToPath } from "node:url";
import { BookingFactsClient } from "./booking/booking-facts.client.js";
import { readPaymentsConfig } from "./config.js";
import { createContext, type PaymentsContext, type PaymentsRuntime } from "./context.js";
import { PrismaClient } from "./generated/prisma/client.js";
import { PAYMENT_TRANSACTION, type PaymentTransactions } from "./payment/payment-writes.repository.js";
import { paymentMetrics } from "./payment/payment-metrics.js";
import { PaymentSettlement } from "./payment/payment-settlement.service.js";
import type { PaymentProvider } from "./provider/payment-provider.js";
import { TestPaymentProvider } from "./provider/test-provider.js";
import { bookingEventConsumers } from "./saga/booking-events.consumers.js";
import { paymentsRepositories, type PaymentsUnitOfWork } from "./repositories.js";
import { buildPaymentsSchema } from "./schema.js";
import { PaymentWebhooks } from "./webhook/payment-webhooks.service.js";
import { servePaymentWebhooks, serveTestProvider } from "./webhook/payment-webhooks.route.js";

/** The payments database's unit of work on this client. */
export function paymentsUnitOfWork(db: PrismaClient): PaymentsUnitOfWork {
  return createUnitOfWork(db, paymentsRepositories);
}

export const paymentsSubgraph: SubgraphDefinition<PrismaClient, PaymentsContext> = {
  name: "payments",
  migrationsDir: fileURLToPath(new URL("../prisma/migrations", import.meta.url)),
  migrateFirst: applyEventMigrations,
  connect: (databaseUrl, options) => createPrismaClient(PrismaClient, databaseUrl, options),
  buildSchema: buildPaymentsSchema,

  async setUp(db, { env, internalSecret, databaseUrl, production, metrics }) {
    const config = readPaymentsConfig(env);
    const testProvider = new TestPaymentProvider({ webhookUrl: config.testProviderWebhookUrl, webhookSecret: config.webhookSecret, settleMs: config.testProviderSettleMs });
    const providers = new Map<string, PaymentProvider>([[testProvider.name, testProvider]]);
    const settlement = new PaymentSettlement(config.platformFeePercent, providers, paymentMetrics(metrics));
    const uow = paymentsUnitOfWork(db);
    const transactions: PaymentTransactions = (work) => uow.transaction(({ writes }) => work(writes), PAYMENT_TRANSACTION);
    const runtime: PaymentsRuntime = {
      uow,
      transactions,
      settlement,
      bookings: new BookingFactsClient(config.serviceUrls.bookings, internalSecret),
      provider: testProvider,
    };
    const webhooks = new PaymentWebhooks(config.webhookSecret, new Set(providers.keys()), transactions, settlement);
    // Consumers get a pool of their own: they never wait behind requests, nor requests behind them.
    const background = createPrismaClient(PrismaClient, databaseUrl, { poolSize: 3, metrics, poolName: "background" });
    const events = await startServiceEvents("payments", { databaseUrl, ...config.events, metrics, consumers: bookingEventConsumers(paymentsUnitOfWork(background), settlement) });
    return {
      createContext: (caller) => createContext(runtime, caller),
      routes(app) {
        // provider webhooks, forwarded by the router (signed)
        servePaymentWebhooks(app, webhooks, internalSecret);
        // what a client could do at the test provider directly (signed; development and tests)
        if (!production) serveTestProvider(app, testProvider, internalSecret);
      },
      async stop() {
        await testProvider.stop();
        await events.stop();
        await background.$disconnect();
      },
    };
  },
};
