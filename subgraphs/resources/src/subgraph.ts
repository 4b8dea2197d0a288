import { createPrismaClient, createUnitOfWork, internalRoute, type SubgraphDefinition } from "@booking/common";
import { RESOURCE_FACTS_BATCH_PATH, RESOURCE_FACTS_PATH, type ResourceFactsBatchRequest, type ResourceFactsRequest } from "@booking/contracts";
import { applyEventMigrations, startServiceEvents } from "@booking/events";
import { fileURLToPath } from "node:url";
import { businessFactsConsumer } from "./business/business-facts.consumer.js";
import { readResourcesConfig } from "./config.js";
import { BusinessReplica } from "./business/business-replica.js";
import { createContext, type ResourcesContext } from "./context.js";
import { PrismaClient } from "./generated/prisma/client.js";
import { resourceFacts, resourceFactsBatch } from "./resource/resource-facts.js";
import { resourcesRepositories, type ResourcesUnitOfWork } from "./repositories.js";
import { buildResourcesSchema } from "./schema.js";

/** The resources database's unit of work on this client. */
export function resourcesUnitOfWork(db: PrismaClient): ResourcesUnitOfWork {
  return createUnitOfWork(db, resourcesRepositories);
}

export const resourcesSubgraph: SubgraphDefinition<PrismaClient, ResourcesContext> = {
  name: "resources",
  migrationsDir: fileURLToPath(new URL("../prisma/migrations", import.meta.url)),
  migrateFirst: applyEventMigrations,
  connect: (databaseUrl, options) => createPrismaClient(PrismaClient, databaseUrl, options),
  buildSchema: buildResourcesSchema,

  async setUp(db, { env, internalSecret, databaseUrl, metrics }) {
    const config = readResourcesConfig(env);
    const uow = resourcesUnitOfWork(db);
    const { repositories } = uow;
    const replica = new BusinessReplica(uow, { businessesUrl: config.serviceUrls.businesses, internalSecret });
    const runtime = { uow, replica };
    // The consumer gets a pool of its own: it never waits behind requests, nor requests behind it.
    const background = createPrismaClient(PrismaClient, databaseUrl, { poolSize: 2, metrics, poolName: "background" });
    // Subscribed before the server takes requests: an event published before its consumer first
    // subscribed would never reach it. resources also publishes bookability changes (bookings'
    // waitlists) from its own transactions.
    const events = await startServiceEvents("resources", { databaseUrl, ...config.events, metrics, consumers: [businessFactsConsumer(resourcesUnitOfWork(background))] });
    return {
      createContext: (caller) => createContext(runtime, caller.viewer),
      routes(app) {
        // bookings reads a resource and its business here, signed, when it takes a booking
        internalRoute(app, RESOURCE_FACTS_PATH, internalSecret, (body: ResourceFactsRequest | null) => resourceFacts(repositories.resources, body));
        // ... and many at once when it shows availability
        internalRoute(app, RESOURCE_FACTS_BATCH_PATH, internalSecret, (body: ResourceFactsBatchRequest | null) => resourceFactsBatch(repositories.resources, body));
      },
      async stop() {
        await events.stop();
        await background.$disconnect();
      },
    };
  },
};
