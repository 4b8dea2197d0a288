import { createPrismaClient, type SubgraphDefinition } from "@booking/common";
import { fileURLToPath } from "node:url";
import { createContext, type BusinessesContext } from "./context.js";
import { PrismaClient } from "./generated/prisma/client.js";
import { buildBusinessesSchema } from "./schema.js";

export const businessesSubgraph: SubgraphDefinition<PrismaClient, BusinessesContext> = {
  name: "businesses",
  migrationsDir: fileURLToPath(new URL("../prisma/migrations", import.meta.url)),
  connect: (databaseUrl, options) => createPrismaClient(PrismaClient, databaseUrl, options),
  buildSchema: buildBusinessesSchema,
  createContext,
};
