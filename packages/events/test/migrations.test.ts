import { applyMigrations } from "@booking/common";
import { mkdir, mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { applyEventMigrations, EVENT_MIGRATIONS_DIR } from "../src/index.js";
import { freshDatabase } from "../../../test/support/databases.js";

describe("the events schema's migrations", () => {
  it("keep their own record beside a subgraph's, even under the same migration name", async () => {
    const databaseUrl = await freshDatabase("migrations");
    const [eventsMigration] = await readdir(EVENT_MIGRATIONS_DIR);
    // A subgraph whose only migration happens to share the package's migration name.
    const subgraphDir = await mkdtemp(path.join(tmpdir(), "subgraph-migrations-"));
    await mkdir(path.join(subgraphDir, eventsMigration!));
    await writeFile(path.join(subgraphDir, eventsMigration!, "migration.sql"), "CREATE TABLE booking (id UUID PRIMARY KEY);");

    expect(await applyMigrations(databaseUrl, subgraphDir)).toEqual({ applied: [eventsMigration] });
    expect(await applyEventMigrations(databaseUrl)).toEqual({ applied: [eventsMigration] });
    expect(await applyEventMigrations(databaseUrl)).toEqual({ applied: [] });
    expect(await applyMigrations(databaseUrl, subgraphDir)).toEqual({ applied: [] });

    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const tables = await client.query("SELECT table_schema || '.' || table_name AS name FROM information_schema.tables WHERE table_schema IN ('public', 'events') ORDER BY 1");
      expect(tables.rows.map((row) => row.name)).toEqual([
        "events._migrations",
        "events.dead_letter_event",
        "events.event_outbox",
        "events.processed_event",
        "public._prisma_migrations",
        "public.booking",
      ]);
      const recorded = await client.query("SELECT count(*)::int AS n FROM _prisma_migrations");
      expect(recorded.rows[0].n).toBe(1);
    } finally {
      await client.end();
    }
  });
});
