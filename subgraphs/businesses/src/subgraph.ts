import { createPrismaClient, createUnitOfWork, internalRoute, normaliseId, type SubgraphDefinition } from "@booking/common";
import { BUSINESS_FACTS_GET_PATH, type BusinessFactsGetRequest } from "@booking/contracts";
import { applyEventMigrations, startServiceEvents } from "@booking/events";
import { fileURLToPath } from "node:url";
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
  // a trigger writes every change of a business's facts into the backbone's outbox
  migrateFirst: applyEventMigrations,
  connect: (databaseUrl, options) => createPrismaClient(PrismaClient, databaseUrl, options),
  buildSchema: buildBusinessesSchema,

  async setUp(db, { env, internalSecret, databaseUrl, metrics }) {
    const uow = businessesUnitOfWork(db);
    // Publishes only: its relay carries the facts a trigger writes (business.facts_changed) to resources.
    const events = await startServiceEvents("businesses", { databaseUrl, ...readBusinessesConfig(env).events, metrics, consumers: [] });
    return {
      createContext: (caller) => createContext(uow, caller.viewer),
      routes(app) {
        // resources asks here, signed, when its replica does not know a business yet
        internalRoute(app, BUSINESS_FACTS_GET_PATH, internalSecret, async (body: BusinessFactsGetRequest | null) => {
          const id = typeof body?.businessId === "string" ? normaliseId(body.businessId) : null;
          return id ? uow.repositories.facts.current(id) : null;
        });
      },
      stop: () => events.stop(),
    };
  },
};
