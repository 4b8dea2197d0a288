import { createPrismaClient, createUnitOfWork, internalRoute, type SubgraphDefinition } from "@booking/common";
import { BUSINESS_FACTS_PATH, RESOURCE_FACTS_BATCH_PATH, RESOURCE_FACTS_PATH, type BusinessFactsBatch, type ResourceFactsBatchRequest, type ResourceFactsRequest } from "@booking/contracts";
import { fileURLToPath } from "node:url";
import { BusinessReplica } from "./business/business-replica.js";
import { readResourcesConfig } from "./config.js";
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
  connect: (databaseUrl, options) => createPrismaClient(PrismaClient, databaseUrl, options),
  buildSchema: buildResourcesSchema,

  async setUp(db, { env, internalSecret }) {
    const config = readResourcesConfig(env);
    const uow = resourcesUnitOfWork(db);
    const { repositories } = uow;
    const replica = new BusinessReplica(repositories.businesses, { businessesUrl: config.serviceUrls.businesses, internalSecret });
    const runtime = { uow, replica };
    return {
      createContext: (caller) => createContext(runtime, caller.viewer),
      routes(app) {
        // bookings reads a resource and its business here, signed, when it takes a booking
        internalRoute(app, RESOURCE_FACTS_PATH, internalSecret, (body: ResourceFactsRequest | null) => resourceFacts(repositories.resources, body));
        // ... and many at once when it shows availability
        internalRoute(app, RESOURCE_FACTS_BATCH_PATH, internalSecret, (body: ResourceFactsBatchRequest | null) => resourceFactsBatch(repositories.resources, body));
        // businesses pushes every change of a business's facts here (at least once, any order)
        internalRoute(app, BUSINESS_FACTS_PATH, internalSecret, async (body: BusinessFactsBatch | null) => ({ applied: await replica.apply(body?.facts) }));
      },
    };
  },
};
