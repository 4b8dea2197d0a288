import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../scripts/dist/embedded-postgres.js";

declare module "vitest" {
  export interface ProvidedContext {
    postgresUrl: string;
    /** Part of every database name this run makes, so it can drop exactly those. */
    runTag: string;
  }
}

/**
 * One PostgreSQL for the whole run: `TEST_DATABASE_URL` when given, otherwise an embedded
 * cluster in a throw-away folder. Each test file makes its own databases on it.
 */
export default async function setup(project: TestProject) {
  const runTag = randomBytes(3).toString("hex");
  project.provide("runTag", runTag);
  const external = process.env.TEST_DATABASE_URL;
  if (external) {
    project.provide("postgresUrl", external);
    return () => dropRunDatabases(external, runTag);
  }
  const dataDir = `.test-data/postgres-${process.pid}`;
  const cluster = await startEmbeddedPostgres(dataDir, { persistent: false });
  project.provide("postgresUrl", cluster.url);
  return async () => {
    await cluster.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}

/** On a shared server, the run's databases go when it ends. */
async function dropRunDatabases(serverUrl: string, runTag: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [`test\\_${runTag}\\_%`]);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
