import { createPrismaClient, createUnitOfWork, internalRoute, normaliseId, type SubgraphDefinition } from "@booking/common";
import { BUSINESS_FACTS_GET_PATH, type BusinessFactsGetRequest } from "@booking/contracts";
import { fileURLToPath } from "node:url";
import { BusinessFactsRelay } from "./business-facts/business-facts.relay.js";
import { readBusinessesConfig } from "./config.js";
import { createContext, type BusinessesContext } from "./context.js";
import { PrismaClient } from "./generated/prisma/client.js";
import { businessesRepositories, type BusinessesUnitOfWork } from "./repositories.js";
import { buildBusinessesSchema } from "./schema.js";

/** The businesses database's unit of work on this client. */
export function businessesUnitOfWork(db: PrismaClient): BusinessesUnitOfWork {
  return createUnitOfWork(db, businessesRepositories);
}

export const businessesSubgraph: SubgraphDefinition<PrismaClient, BusinessesContext> = {
  name: "businesses",
  migrationsDir: fileURLToPath(new URL("../prisma/migrations", import.meta.url)),
  connect: (databaseUrl, options) => createPrismaClient(PrismaClient, databaseUrl, options),
  buildSchema: buildBusinessesSchema,

  async setUp(db, { env, internalSecret }) {
    const config = readBusinessesConfig(env);
    const uow = businessesUnitOfWork(db);
    const relay = new BusinessFactsRelay(uow, { resourcesUrl: config.serviceUrls.resources, internalSecret, maxBackoffMs: config.factsMaxBackoffMs });
    await relay.start();
    return {
      createContext: (caller) => createContext(uow, caller.viewer, relay),
      routes(app) {
        // resources asks here, signed, when its replica does not know a business yet
        internalRoute(app, BUSINESS_FACTS_GET_PATH, internalSecret, async (body: BusinessFactsGetRequest | null) => {
          const id = typeof body?.businessId === "string" ? normaliseId(body.businessId) : null;
          return id ? uow.repositories.facts.current(id) : null;
        });
      },
      stop: () => relay.stop(),
    };
  },
};
