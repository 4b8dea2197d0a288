import { createPrismaClient, type SubgraphDefinition } from "@booking/common";
import { fileURLToPath } from "node:url";
import { createContext, type BookingsContext } from "./context.js";
import { PrismaClient } from "./generated/prisma/client.js";
import { buildBookingsSchema } from "./schema.js";

export const bookingsSubgraph: SubgraphDefinition<PrismaClient, BookingsContext> = {
  name: "bookings",
  migrationsDir: fileURLToPath(new URL("../prisma/migrations", import.meta.url)),
  connect: (databaseUrl, options) => createPrismaClient(PrismaClient, databaseUrl, options),
  buildSchema: buildBookingsSchema,
  createContext,
};
