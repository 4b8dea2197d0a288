import { defineConfig } from "prisma/config";

// Prisma's CLI downloads its schema engine before any command; generate does not need it,
// and migrations run through our own runner (packages/common/src/migrate.ts).
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.PAYMENTS_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgresql://localhost/payments" },
});
