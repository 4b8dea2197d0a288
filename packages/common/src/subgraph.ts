import type { GraphQLSchema } from "graphql";
import type express from "express";
import type { Caller } from "./context.js";
import type { DatabaseOptions } from "./database.js";
import { applyMigrations } from "./migrate.js";
import { startSubgraphServer, type RunningServer } from "./server.js";

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
  const db = definition.connect(options.databaseUrl, options);
  const runtime = await definition.setUp(db, {
    env: options.env ?? process.env,
    internalSecret: options.internalSecret,
    production: options.production,
    databaseUrl: options.databaseUrl,
  });
  const { schema } = await definition.buildSchema();
  const server = await startSubgraphServer({
    name: definition.name,
    schema,
    port: options.port,
    production: options.production,
    internalSecret: options.internalSecret,
    context: (caller) => runtime.createContext(caller),
    extendApp: runtime.routes,
    healthCheck: async () => void (await db.$queryRawUnsafe("SELECT 1")),
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

