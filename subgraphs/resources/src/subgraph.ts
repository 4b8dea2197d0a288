import { createPrismaClient, createUnitOfWork, internalRoute, readEventsConfig, type SubgraphDefinition } from "@booking/common";
import { startServiceEvents } from "@booking/events";
import { BUSINESS_FACTS_PATH, RESOURCE_FACTS_PATH, type BusinessFactsBatch, type ResourceFactsRequest, readServiceUrls } from "@booking/contracts";
import { fileURLToPath } from "node:url";
import { BusinessReplica } from "./business/business-replica.js";
import { createContext, type ResourcesContext } from "./context.js";
import { PrismaClient } from "./generated/prisma/client.js";
import { resourceFacts } from "./resource/resource-facts.js";
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

  async setUp(db, { env, internalSecret, databaseUrl }) {
    const uow = resourcesUnitOfWork(db);
    const { repositories } = uow;
    const replica = new BusinessReplica(uow, { businessesUrl: readServiceUrls(env).businesses, internalSecret });
    const runtime = { uow, replica };
    // resources publishes (bookability changes, for bookings' waitlists) and consumes nothing
    const backbone = await startServiceEvents("resources", { databaseUrl, ...readEventsConfig(env), consumers: [] });
    return {
      createContext: (caller) => createContext(runtime, caller.viewer),
      routes(app) {
        // bookings reads a resource and its business here, signed, when it takes a booking
        internalRoute(app, RESOURCE_FACTS_PATH, internalSecret, (body: ResourceFactsRequest | null) => resourceFacts(repositories.resources, body));
        // businesses pushes every change of a business's facts here (at least once, any order)
        internalRoute(app, BUSINESS_FACTS_PATH, internalSecret, async (body: BusinessFactsBatch | null) => ({ applied: await replica.apply(body?.facts) }));
      },
      stop: () => backbone.stop(),
    };
  },
};
