import { databaseUrlFor, ensureDatabase } from "@booking/common";
import { startEmbeddedPostgres, type EmbeddedCluster } from "./embedded-postgres.js";

export interface ResolvedDatabases<TName extends string> {
  urls: Record<TName, string>;
  /** The embedded cluster started for the databases not configured, if any. */
  cluster: EmbeddedCluster | null;
}

/**
 * Each subgraph's database: `<NAME>_DATABASE_URL` when configured, otherwise a database of
 * that name on an embedded PostgreSQL in `dataDir/postgres`, started on first need.
 */
export async function resolveDatabases<TName extends string>(names: readonly TName[], env: NodeJS.ProcessEnv, dataDir: string): Promise<ResolvedDatabases<TName>> {
  const urls = {} as Record<TName, string>;
  let cluster: EmbeddedCluster | null = null;
  try {
    for (const name of names) {
      const configured = env[`${name.toUpperCase()}_DATABASE_URL`];
      if (configured) {
        urls[name] = configured;
        continue;
      }
      if (!cluster) {
        console.log(`starting embedded PostgreSQL in ${dataDir}/postgres`);
        cluster = await startEmbeddedPostgres(`${dataDir}/postgres`);
      }
      await ensureDatabase(cluster.url, name);
      urls[name] = databaseUrlFor(cluster.url, name);
    }
  } catch (error) {
    await cluster?.stop().catch(() => undefined);
    throw error;
  }
  return { urls, cluster };
}
