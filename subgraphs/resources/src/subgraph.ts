import { RESOURCE_FACTS_PATH, createPrismaClient, internalRoute, type ResourceFactsRequest, type SubgraphDefinition } from "@booking/common";
import { fileURLToPath } from "node:url";
import { createContext, type ResourcesContext } from "./context.js";
import { PrismaClient } from "./generated/prisma/client.js";
import { resourceFacts } from "./resource/resource-facts.js";
import { ResourceRepository } from "./resource/resource.repository.js";
import { buildResourcesSchema } from "./schema.js";

export const resourcesSubgraph: SubgraphDefinition<PrismaClient, ResourcesContext> = {
  name: "resources",
  migrationsDir: fileURLToPath(new URL("../prisma/migrations", import.meta.url)),
  connect: (databaseUrl, options) => createPrismaClient(PrismaClient, databaseUrl, options),
  buildSchema: buildResourcesSchema,

  async setUp(db, { internalSecret }) {
    return {
      createContext: (caller) => createContext(db, caller.viewer),
      routes(app) {
        // bookings reads a resource and its business here, signed, when it takes a booking
        internalRoute(app, RESOURCE_FACTS_PATH, internalSecret, (body: ResourceFactsRequest | null) => resourceFacts(new ResourceRepository(db), body));
      },
    };
  },
};
