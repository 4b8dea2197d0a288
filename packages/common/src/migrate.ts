import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";

// Prisma's own advisory-lock key, so this runner and `prisma migrate` never race each other.
const MIGRATION_LOCK_KEY = 72707369;

export interface MigrationResult {
  applied: string[];
}

/** One migration as it stands on disk: `<stamp>_<name>` and its checksum. */
export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

/** The sha256 the runner records in `_prisma_migrations.checksum` (and a migrations lock keeps). */
export function migrationChecksum(sql: string): string {
  return createHash("sha256").update(sql).digest("hex");
}

/** Every `migrations/<stamp>_<name>/migration.sql` under `migrationsDir`, in the order they apply. */
export async function readMigrations(migrationsDir: string): Promise<MigrationFile[]> {
  const names = (await readdir(migrationsDir, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(migrationsDir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: migrationChecksum(sql) };
    }),
  );
}

/** A migrations lock: every landed migration's name and checksum, appended to, never rewritten. */
export type MigrationLock = Record<string, string>;

export interface MigrationLockCheck {
  /** landed migrations whose file no longer has the locked checksum */
  edited: string[];
  /** landed migrations whose file is gone */
  deleted: string[];
  /** migrations on disk the lock does not list yet */
  unlocked: MigrationFile[];
}

/** Compares the migrations on disk with the lock: landed ones must stay exactly as they landed. */
export function checkMigrationLock(lock: MigrationLock, migrations: readonly MigrationFile[]): MigrationLockCheck {
  const onDisk = new Map(migrations.map((migration) => [migration.name, migration]));
  return {
    edited: Object.keys(lock).filter((name) => onDisk.has(name) && onDisk.get(name)!.checksum !== lock[name]),
    deleted: Object.keys(lock).filter((name) => !onDisk.has(name)),
    unlocked: migrations.filter((migration) => !(migration.name in lock)),
  };
}

export interface ApplyMigrationsOptions {
  /**
   * The table that records what was applied, optionally schema-qualified (`events._migrations`;
   * the schema is created if missing). A package that brings its own migrations into a
   * subgraph's database keeps its own table, so its names can never collide with the
   * subgraph's in `_prisma_migrations`.
   * @default "_prisma_migrations"
   */
  table?: string;
}

/**
 * Applies `migrations/<stamp>_<name>/migration.sql` in order, each in its own transaction,
 * recording them in Prisma's `_prisma_migrations` table (or `options.table`). Safe to run from
 * several instances at once; a failing migration rolls back whole and stops the run.
 */
export async function applyMigrations(databaseUrl: string, migrationsDir: string, options: ApplyMigrationsOptions = {}): Promise<MigrationResult> {
  const tableParts = (options.table ?? "_prisma_migrations").split(".");
  const table = tableParts.map((part) => `"${part.replaceAll('"', '""')}"`).join(".");
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    if (tableParts.length > 1) await client.query(`CREATE SCHEMA IF NOT EXISTS ${table.slice(0, table.lastIndexOf("."))}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${table} (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`);
    const done = await client.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM ${table} WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const appliedChecksums = new Map(done.rows.map((row) => [row.migration_name, row.checksum]));
    const applied: string[] = [];
    for (const { name, sql, checksum } of await readMigrations(migrationsDir)) {
      const previous = appliedChecksums.get(name);
      if (previous !== undefined) {
        if (previous !== checksum) throw new Error(`migration ${name} was edited after it was applied (migrations are append-only)`);
        continue;
      }
      try {
        await client.query("BEGIN");
        await client.query(sql);
        await client.query(
          `INSERT INTO ${table} (id, checksum, finished_at, migration_name, applied_steps_count)
           VALUES (gen_random_uuid()::text, $1, now(), $2, 1)`,
          [checksum, name],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`migration ${name} failed: ${(error as Error).message}`, { cause: error });
      }
      applied.push(name);
    }
    return { applied };
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}

/** Creates a database on the server of `adminUrl` unless it exists. */
export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}

/** Whether a database answers at `url` (within `timeoutMs` per try to connect). */
export async function canConnect(url: string, timeoutMs = 2_000): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The same server URL pointing at another database. */
export function databaseUrlFor(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
