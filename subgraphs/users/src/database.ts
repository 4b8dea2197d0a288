import type { Prisma, PrismaClient } from "./generated/prisma/client.js";

/** The client repositories run on: the pool, or one transaction's connection. */
export type DbClient = Prisma.TransactionClient;

export type Database = PrismaClient;
