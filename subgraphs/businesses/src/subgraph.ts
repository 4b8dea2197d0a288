import { createPrismaClient, internalRoute, normaliseId, type SubgraphDefinition } from "@booking/common";
import { BUSINESS_FACTS_GET_PATH, type BusinessFactsGetRequest, readServiceUrls } from "@booking/contracts";
import { fileURLToPath } from "node:url";
import { BusinessFactsRelay } from "./business-facts/business-facts.relay.js";
import { BusinessFactsRepository } from "./business-facts/business-facts.repository.js";
import { createContext, type BusinessesContext } from "./context.js";
import { PrismaClient } from "./generated/prisma/client.js";
import { buildBusinessesSchema } from "./schema.js";

export const businessesSubgraph: SubgraphDefinition<PrismaClient, BusinessesContext> = {
  name: "businesses",
  migrationsDir: fileURLToPath(new URL("../prisma/migrations", import.meta.url)),
  connect: (databaseUrl, options) => createPrismaClient(PrismaClient, databaseUrl, options),
  buildSchema: buildBusinessesSchema,

  async setUp(db, { env, internalSecret }) {
    const facts = new BusinessFactsRepository(db);
    const relay = new BusinessFactsRelay(facts, { resourcesUrl: readServiceUrls(env).resources, internalSecret });
    await relay.start();
    return {
      createContext: (caller) => createContext(db, caller.viewer, relay),
      routes(app) {
        // resources asks here, signed, when its replica does not know a business yet
        internalRoute(app, BUSINESS_FACTS_GET_PATH, internalSecret, async (body: BusinessFactsGetRequest | null) => {
          const id = typeof body?.businessId === "string" ? normaliseId(body.businessId) : null;
          return id ? facts.current(id) : null;
        });
      },
      stop: () => relay.stop(),
    };
  },
};
