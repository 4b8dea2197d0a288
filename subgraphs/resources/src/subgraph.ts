import { createPrismaClient, type SubgraphDefinition } from "@booking/common";
import { fileURLToPath } from "node:url";
import { createContext, type ResourcesContext } from "./context.js";
import { PrismaClient } from "./generated/prisma/client.js";
import { buildResourcesSchema } from "./schema.js";

export const resourcesSubgraph: SubgraphDefinition<PrismaClient, ResourcesContext> = {
  name: "resources",
  migrationsDir: fileURLToPath(new URL("../prisma/migrations", import.meta.url)),
  connect: (databaseUrl, options) => createPrismaClient(PrismaClient, databaseUrl, options),
  buildSchema: buildResourcesSchema,
  createContext,
};
