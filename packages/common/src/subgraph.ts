import type { GraphQLSchema } from "graphql";
import type express from "express";
import type { Registry } from "prom-client";
import type { Caller } from "./context.js";
import type { DatabaseOptions } from "./database.js";
import { readSubgraphConfig } from "./config.js";
import { createServiceMetrics } from "./metrics.js";
import { applyMigrations } from "./migrate.js";
import { runUntilSignalled, startSubgraphServer, type RunningServer } from "./server.js";

interface Disconnectable {
  $disconnect(): Promise<void>;
  $queryRawUnsafe(sql: string): Promise<unknown>;
}

export interface SubgraphSettings {
  /** Where the subgraph reads its own settings. */
  env: NodeJS.ProcessEnv;
  internalSecret: string;
  production: boolean;
  /** The subgraph's database, for parts that need a connection of their own (LISTEN). */
  databaseUrl: string;
  /** The subgraph's `/metrics` registry: its own metrics (and its other pools') register here. */
  metrics: Registry;
}

/** The long-lived parts of a running subgraph. */
export interface SubgraphRuntime<TContext> {
  /** A fresh context (services, loaders) for one request. */
  createContext(caller: Caller): TContext;
  /** Routes beside /graphql (public keys, internal endpoints). */
  routes?(app: express.Express): void;
  /** Stops background work. */
  stop?(): Promise<void>;
}

/** What makes a subgraph: each one exports a definition, and one function serves them all. */
export interface SubgraphDefinition<TDatabase extends Disconnectable, TContext extends object> {
  name: string;
  /** Absolute path of `prisma/migrations`. */
  migrationsDir: string;
  /**
   * Runs before the subgraph's own migrations, wherever they are applied (start, seeds): what
   * they build on from outside, e.g. the event backbone's `events` schema that a trigger writes to.
   */
  migrateFirst?(databaseUrl: string): Promise<unknown>;
  connect(databaseUrl: string, options: DatabaseOptions): TDatabase;
  buildSchema(): Promise<{ schema: GraphQLSchema; sdl: string }>;
  /** Builds the long-lived parts (configuration, keys, background jobs, routes) and the per-request context. */
  setUp(db: TDatabase, settings: SubgraphSettings): Promise<SubgraphRuntime<TContext>>;
}

export interface SubgraphRunOptions extends DatabaseOptions {
  databaseUrl: string;
  port: number;
  production: boolean;
  /** The secret the router signs requests with (INTERNAL_SECRET). */
  internalSecret: string;
  /** The environment `setUp` reads its settings from (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Apply pending migrations first (default true; several instances may do it at once). */
  migrate?: boolean;
}

export interface RunningSubgraph<TDatabase> extends RunningServer {
  db: TDatabase;
}

/** Applies what the subgraph's migrations build on (`migrateFirst`), then its own migrations. */
export async function migrateSubgraphDatabase(definition: Pick<SubgraphDefinition<never, never>, "migrationsDir" | "migrateFirst">, databaseUrl: string): Promise<void> {
  await definition.migrateFirst?.(databaseUrl);
  await applyMigrations(databaseUrl, definition.migrationsDir);
}

export async function startSubgraph<TDatabase extends Disconnectable, TContext extends object>(
  definition: SubgraphDefinition<TDatabase, TContext>,
  options: SubgraphRunOptions,
): Promise<RunningSubgraph<TDatabase>> {
  if (options.migrate !== false) await migrateSubgraphDatabase(definition, options.databaseUrl);
  const metrics = createServiceMetrics(definition.name);
  const db = definition.connect(options.databaseUrl, { ...options, metrics: metrics.registry });
  const runtime = await definition.setUp(db, {
    env: options.env ?? process.env,
    internalSecret: options.internalSecret,
    production: options.production,
    databaseUrl: options.databaseUrl,
    metrics: metrics.registry,
  });
  const { schema } = await definition.buildSchema();
  const server = await startSubgraphServer({
    name: definition.name,
    metrics,
    schema,
    port: options.port,
    production: options.production,
    internalSecret: options.internalSecret,
    context: (caller) => runtime.createContext(caller),
    extendApp: runtime.routes,
    healthCheck: () => databaseAnswers(db),
  });
  return {
    ...server,
    db,
    // Long-lived work stops first: it may hold requests open (event streams) that the server's
    // drain would otherwise wait out.
    stop: async () => {
      await runtime.stop?.();
      await server.stop();
      await db.$disconnect();
    },
  };
}

/**
 * A subgraph's entry point (`src/index.ts`): reads where it runs from the environment
 * (`readSubgraphConfig`: PORT, its database, INTERNAL_SECRET; its own settings are read by
 * its config.ts in `setUp`) and serves it until a signal.
 */
export function runSubgraph<TDatabase extends Disconnectable, TContext extends object>(definition: SubgraphDefinition<TDatabase, TContext>, defaultPort: number): void {
  runUntilSignalled(definition.name, async () => {
    const server = await startSubgraph(definition, readSubgraphConfig(definition.name, defaultPort));
    console.log(`${definition.name} subgraph ready at ${server.url}`);
    return server;
  });
}

/**
 * How long /health waits for the database's `SELECT 1`: well under the router's own probe
 * timeout (2 s), so that a database that hangs (a pool waiting on connections that will not
 * come back) is named as down by its subgraph instead of the subgraph looking unreachable.
 */
const DATABASE_HEALTH_TIMEOUT_MS = 1_000;

async function databaseAnswers(db: Disconnectable): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${DATABASE_HEALTH_TIMEOUT_MS} ms`)), DATABASE_HEALTH_TIMEOUT_MS);
  });
  try {
    await Promise.race([db.$queryRawUnsafe("SELECT 1"), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
