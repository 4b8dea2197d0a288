import { checkMigrationLock, readMigrations, type MigrationLock } from "@booking/common";
import { SUBGRAPH_NAMES } from "@booking/contracts";
import { EVENT_MIGRATIONS_DIR } from "@booking/events";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { SUBGRAPHS } from "./subgraphs.js";

/**
 * `npm run migrations:lock`: appends each subgraph's new migrations, with their checksums, to
 * its `prisma/migrations.lock.json`, and the event backbone's to `packages/events/migrations.lock.json`. Landed entries are never rewritten: an edited or deleted
 * landed migration stops it (write a new migration instead).
 */
const sets = [
  ...SUBGRAPH_NAMES.map((name) => ({ name, migrationsDir: SUBGRAPHS[name].migrationsDir })),
  { name: "events", migrationsDir: EVENT_MIGRATIONS_DIR },
];
let failed = false;
for (const { name, migrationsDir } of sets) {
  const lockPath = path.join(migrationsDir, "..", "migrations.lock.json");
  const lock = JSON.parse(await readFile(lockPath, "utf8").catch(() => "{}")) as MigrationLock;
  const { edited, deleted, unlocked } = checkMigrationLock(lock, await readMigrations(migrationsDir));
  for (const migration of edited) console.error(`${name}: ${migration} was edited after it landed; put it back and write a new migration`);
  for (const migration of deleted) console.error(`${name}: ${migration} landed and is gone; put it back`);
  if (edited.length > 0 || deleted.length > 0) {
    failed = true;
    continue;
  }
  if (unlocked.length === 0) continue;
  for (const migration of unlocked) lock[migration.name] = migration.checksum;
  await writeFile(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
  console.log(`${name}: locked ${unlocked.map((migration) => migration.name).join(", ")}`);
}
if (failed) process.exit(1);
