import { createPrismaClient, type SubgraphDefinition } from "@booking/common";
import { fileURLToPath } from "node:url";
import { createContext, type PaymentsContext } from "./context.js";
import { PrismaClient } from "./generated/prisma/client.js";
import { buildPaymentsSchema } from "./schema.js";

export const paymentsSubgraph: SubgraphDefinition<PrismaClient, PaymentsContext> = {
  name: "payments",
  migrationsDir: fileURLToPath(new URL("../prisma/migrations", import.meta.url)),
  connect: (databaseUrl, options) => createPrismaClient(PrismaClient, databaseUrl, options),
  buildSchema: buildPaymentsSchema,
  // Nothing long-lived yet: every request gets its services and loaders.
  setUp: async (db) => ({ createContext: (caller) => createContext(db, caller.viewer) }),
};
