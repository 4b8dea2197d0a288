import { rm } from "node:fs/promises";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../scripts/dist/embedded-postgres.js";

declare module "vitest" {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

/**
 * One PostgreSQL for the whole run: `TEST_DATABASE_URL` when given, otherwise an embedded
 * cluster in a throw-away folder. Each test file makes its own databases on it.
 */
export default async function setup(project: TestProject) {
  const external = process.env.TEST_DATABASE_URL;
  if (external) {
    project.provide("postgresUrl", external);
    return;
  }
  const dataDir = `.test-data/postgres-${process.pid}`;
  const cluster = await startEmbeddedPostgres(dataDir, { persistent: false });
  project.provide("postgresUrl", cluster.url);
  return async () => {
    await cluster.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
