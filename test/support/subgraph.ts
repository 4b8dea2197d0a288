import { startSubgraph, type RunningSubgraph, type SubgraphDefinition } from "@booking/common";
import { freshDatabase } from "./databases.js";

export interface TestSubgraph<TDatabase> extends RunningSubgraph<TDatabase> {
  databaseUrl: string;
  /** SQL statements issued since the last `resetQueries()`. */
  queries: string[];
  resetQueries(): void;
}

/** One subgraph on a fresh, migrated database and a free port, counting its SQL. */
export async function startTestSubgraph<TDatabase extends { $disconnect(): Promise<void>; $queryRawUnsafe(sql: string): Promise<unknown> }, TContext extends object>(
  definition: SubgraphDefinition<TDatabase, TContext>,
): Promise<TestSubgraph<TDatabase>> {
  const databaseUrl = await freshDatabase(definition.name);
  const queries: string[] = [];
  const running = await startSubgraph(definition, {
    databaseUrl,
    port: 0,
    production: false,
    poolSize: 5,
    onQuery: (sql) => queries.push(sql),
  });
  return { ...running, databaseUrl, queries, resetQueries: () => void queries.splice(0) };
}

/** POSTs a GraphQL operation and returns the parsed body. */
export async function graphqlRequest<TData = any>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<{ data?: TData; errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[] }> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as never;
}
