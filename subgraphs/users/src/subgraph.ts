import { createPrismaClient, type SubgraphDefinition } from "@booking/common";
import { fileURLToPath } from "node:url";
import { createContext, type UsersContext } from "./context.js";
import { PrismaClient } from "./generated/prisma/client.js";
import { buildUsersSchema } from "./schema.js";

export const usersSubgraph: SubgraphDefinition<PrismaClient, UsersContext> = {
  name: "users",
  migrationsDir: fileURLToPath(new URL("../prisma/migrations", import.meta.url)),
  connect: (databaseUrl, options) => createPrismaClient(PrismaClient, databaseUrl, options),
  buildSchema: buildUsersSchema,
  createContext,
};
