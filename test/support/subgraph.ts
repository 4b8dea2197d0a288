import { signRequest, startSubgraph, type RunningSubgraph, type SubgraphDefinition, type Viewer } from "@booking/common";
import { freshDatabase } from "./databases.js";

/** The secret test subgraphs and the test router share. */
export const TEST_INTERNAL_SECRET = "test-internal-secret-0123456789abcdef0123456789";

/** What the test payment provider signs its webhooks with (PAYMENTS_WEBHOOK_SECRET). */
export const TEST_PAYMENTS_WEBHOOK_SECRET = "test-payments-webhook-secret-0123456789abcdef";

export interface TestSubgraph<TDatabase> extends RunningSubgraph<TDatabase> {
  databaseUrl: string;
  /** SQL statements issued since the last `resetQueries()`. */
  queries: string[];
  resetQueries(): void;
}

/** One subgraph on a fresh, migrated database (or `databaseUrl`, to start it again on its own) and a free port, counting its SQL. */
export async function startTestSubgraph<TDatabase extends { $disconnect(): Promise<void>; $queryRawUnsafe(sql: string): Promise<unknown> }, TContext extends object>(
  definition: SubgraphDefinition<TDatabase, TContext>,
  env: NodeJS.ProcessEnv = {},
  port = 0,
  databaseUrl?: string,
): Promise<TestSubgraph<TDatabase>> {
  databaseUrl ??= await freshDatabase(definition.name);
  const queries: string[] = [];
  const running = await startSubgraph(definition, {
    databaseUrl,
    port,
    production: false,
    internalSecret: TEST_INTERNAL_SECRET,
    poolSize: 5,
    // Tests run with rate limits off and room for many holds per customer unless they set
    // RATE_LIMITS or MAX_HOLDS_PER_CUSTOMER themselves (abuse-limits and waitlist tests do).
    env: { NODE_ENV: "test", DATA_DIR: ".test-data", RATE_LIMITS: "off", MAX_HOLDS_PER_CUSTOMER: "10000", PAYMENTS_WEBHOOK_SECRET: TEST_PAYMENTS_WEBHOOK_SECRET, ...env },
    onQuery: (sql) => queries.push(sql),
  });
  audienceOf.set(running.url, definition.name);
  return { ...running, databaseUrl, queries, resetQueries: () => void queries.splice(0) };
}

/** Which subgraph answers at a URL: `subgraphRequest` signs for it, as the router would. */
const audienceOf = new Map<string, string>();

export interface GraphQLResult<TData> {
  data?: TData;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
}

/**
 * POSTs a GraphQL operation straight to a subgraph, signed as the router would sign it for
 * `viewer` (anonymous when omitted) and for the subgraph at `url` (or `audience`).
 * `signed: false` sends it unsigned.
 */
export async function subgraphRequest<TData = any>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  options: { viewer?: Viewer | null; clientIp?: string; signed?: boolean; audience?: string } = {},
): Promise<GraphQLResult<TData>> {
  const body = JSON.stringify({ query, variables });
  const trust = options.signed === false ? {} : signRequest(TEST_INTERNAL_SECRET, { audience: options.audience ?? audienceOf.get(url) ?? "unknown", method: "POST", url }, body, { viewer: options.viewer ?? null, clientIp: options.clientIp ?? "127.0.0.1" });
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...trust }, body });
  return (await response.json()) as GraphQLResult<TData>;
}
