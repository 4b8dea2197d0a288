import { createPrismaClient, createUnitOfWork, type SubgraphDefinition } from "@booking/common";
import { applyEventMigrations, startServiceEvents } from "@booking/events";
import { fileURLToPath } from "node:url";
import { BookingEventFeed } from "./booking-event/booking-event.feed.js";
import { observeBookings } from "./booking-event/booking-event.metrics.js";
import { serveBookingEvents } from "./booking-event/booking-event.route.js";
import { bookingPaymentConsumer } from "./booking/booking-payment.consumer.js";
import { serveBookingPayments } from "./booking/booking-payment.route.js";
import { BookingPaymentService } from "./booking/booking-payment.service.js";
import { CustomerDirectory } from "./catalog/customer-directory.js";
import { ResourceCatalog } from "./catalog/resource-catalog.js";
import { readBookingsConfig } from "./config.js";
import { createContext, type BookingsContext, type BookingsRuntime } from "./context.js";
import { PrismaClient } from "./generated/prisma/client.js";
import { HoldExpiry } from "./hold-expiry/hold-expiry.job.js";
import { bookingRateLimits } from "./limits/rate-limits.js";
import { bookingsRepositories, type BookingsUnitOfWork } from "./repositories.js";
import { buildBookingsSchema } from "./schema.js";
import { waitlistBookabilityConsumer } from "./waitlist/waitlist-bookability.consumer.js";
import { WaitlistLine } from "./waitlist/waitlist-line.js";

/** The bookings database's unit of work on this client (tests build services on it too). */
export function bookingsUnitOfWork(db: PrismaClient): BookingsUnitOfWork {
  return createUnitOfWork(db, bookingsRepositories);
}

export const bookingsSubgraph: SubgraphDefinition<PrismaClient, BookingsContext> = {
  name: "bookings",
  migrationsDir: fileURLToPath(new URL("../prisma/migrations", import.meta.url)),
  migrateFirst: applyEventMigrations,
  connect: (databaseUrl, options) => createPrismaClient(PrismaClient, databaseUrl, options),
  buildSchema: buildBookingsSchema,

  async setUp(db, { env, internalSecret, databaseUrl, metrics }) {
    const config = readBookingsConfig(env);
    const uow = bookingsUnitOfWork(db);
    const limits = bookingRateLimits({ enabled: config.rateLimits, redisUrl: config.redisUrl });
    await limits.ready();
    const runtime: BookingsRuntime = {
      uow,
      catalog: new ResourceCatalog(config.serviceUrls.resources, internalSecret),
      customers: new CustomerDirectory(config.serviceUrls.users, internalSecret),
      holdSeconds: config.holdSeconds,
      maxHoldsPerCustomer: config.maxHoldsPerCustomer,
      limits,
    };
    // Background work has a pool of its own: it never waits behind requests, nor they behind it.
    const background = createPrismaClient(PrismaClient, databaseUrl, { poolSize: 3, metrics, poolName: "background" });
    const backgroundWork = bookingsUnitOfWork(background);
    const backgroundRepositories = backgroundWork.repositories;
    const line = new WaitlistLine(runtime);
    const holdExpiry = new HoldExpiry(backgroundWork, line);
    const events = new BookingEventFeed(backgroundRepositories.outbox, { databaseUrl, retentionMs: config.bookingEventsRetentionMs });
    await observeBookings(metrics, backgroundRepositories.outbox, events);
    // Subscribed before the server takes requests: an event published before its consumer first
    // subscribed would never reach it.
    const backbone = await startServiceEvents("bookings", {
      databaseUrl,
      ...config.events,
      metrics,
      consumers: [bookingPaymentConsumer(backgroundWork), waitlistBookabilityConsumer(backgroundWork, line)],
    });
    holdExpiry.start();
    await events.start();
    return {
      createContext: (caller) => createContext(runtime, caller),
      routes(app) {
        // routers follow every booking change here (Server-Sent Events, signed)
        serveBookingEvents(app, events, internalSecret);
        // payments reads what to charge here (signed); its payments' outcomes come as events
        serveBookingPayments(app, new BookingPaymentService(uow), internalSecret);
      },
      async stop() {
        await holdExpiry.stop();
        await backbone.stop();
        await events.stop();
        await background.$disconnect();
        await limits.close();
      },
    };
  },
};
