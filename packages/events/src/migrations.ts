import { applyMigrations, type MigrationResult } from "@booking/common";
import { fileURLToPath } from "node:url";

/** Where the package's own migrations live (beside src/ and dist/). */
export const EVENT_MIGRATIONS_DIR = fileURLToPath(new URL("../migrations", import.meta.url));

/**
 * Creates or updates schema `events` (outbox, processed events, dead letters) in a service's
 * database. Recorded in `events._migrations`, so it never meets the service's own migrations.
 */
export function applyEventMigrations(databaseUrl: string): Promise<MigrationResult> {
  return applyMigrations(databaseUrl, EVENT_MIGRATIONS_DIR, { table: "events._migrations" });
}
