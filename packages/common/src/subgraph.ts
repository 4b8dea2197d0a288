import type { GraphQLSchema } from "graphql";
import type { Viewer } from "./context.js";
import type { DatabaseOptions } from "./database.js";
import { applyMigrations } from "./migrate.js";
import { startSubgraphServer, type RunningServer } from "./server.js";

interface Disconnectable {
  $disconnect(): Promise<void>;
  $queryRawUnsafe(sql: string): Promise<unknown>;
}

/** What makes a subgraph: each one exports a definition, and one function serves them all. */
export interface SubgraphDefinition<TDatabase extends Disconnectable, TContext extends object> {
  name: string;
  /** Absolute path of `prisma/migrations`. */
  migrationsDir: string;
  connect(databaseUrl: string, options: DatabaseOptions): TDatabase;
  buildSchema(): Promise<{ schema: GraphQLSchema; sdl: string }>;
  /** A fresh context (services, loaders) for one request. */
  createContext(db: TDatabase, viewer: Viewer | null): TContext;
}

export interface SubgraphRunOptions extends DatabaseOptions {
  databaseUrl: string;
  port: number;
  production: boolean;
  /** The secret the router signs requests with (INTERNAL_SECRET). */
  internalSecret: string;
  /** Apply pending migrations first (default true; several instances may do it at once). */
  migrate?: boolean;
}

export interface RunningSubgraph<TDatabase> extends RunningServer {
  db: TDatabase;
}

export async function startSubgraph<TDatabase extends Disconnectable, TContext extends object>(
  definition: SubgraphDefinition<TDatabase, TContext>,
  options: SubgraphRunOptions,
): Promise<RunningSubgraph<TDatabase>> {
  if (options.migrate !== false) await applyMigrations(options.databaseUrl, definition.migrationsDir);
  const db = definition.connect(options.databaseUrl, options);
  const { schema } = await definition.buildSchema();
  const server = await startSubgraphServer({
    name: definition.name,
    schema,
    port: options.port,
    production: options.production,
    internalSecret: options.internalSecret,
    context: (viewer) => definition.createContext(db, viewer),
    healthCheck: async () => void (await db.$queryRawUnsafe("SELECT 1")),
  });
  return {
    ...server,
    db,
    stop: async () => {
      await server.stop();
      await db.$disconnect();
    },
  };
}
