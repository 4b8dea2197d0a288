import { readRouterConfig } from "@booking/router/config";
import { startRouter, type RunningRouter } from "@booking/router/router";
import type { SubgraphDefinition } from "@booking/common";
import { SUBGRAPH_NAMES, subgraphUrlVariable } from "@booking/contracts";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import path from "node:path";
import { freePort } from "../../scripts/dist/embedded-postgres.js";
import { SUBGRAPHS } from "../../scripts/dist/subgraphs.js";
import { defaultEventEngine, eventBackboneFor, type EventEngine } from "./events.js";
import { TEST_INTERNAL_SECRET, startTestSubgraph, type GraphQLResult, type TestSubgraph } from "./subgraph.js";

type SubgraphDatabases = {
  [K in keyof typeof SUBGRAPHS]: (typeof SUBGRAPHS)[K] extends SubgraphDefinition<infer D, any> ? D : never;
};

export interface TestSupergraph {
  router: RunningRouter;
  /** The engine that carries events between the services. */
  eventEngine: EventEngine;
  /** Where users delivers this system's mail (mail-to-file under its own DATA_DIR). */
  mailDir: string;
  subgraphs: { [K in keyof SubgraphDatabases]: TestSubgraph<SubgraphDatabases[K]> };
  /** Sends an operation through the router, as a client would, with an optional bearer token. */
  request<TData = any>(query: string, variables?: Record<string, unknown>, options?: { token?: string; headers?: Record<string, string> }): Promise<GraphQLResult<TData>>;
  /** SQL statements per subgraph since the last reset. */
  queryCounts(): Record<keyof SubgraphDatabases, number>;
  resetQueries(): void;
  stop(): Promise<void>;
}

/**
 * The whole system in this process: five subgraphs on fresh databases, and the router in front.
 * Events travel on `events` (default: JetStream when NATS_URL is set, else pg-boss), in a
 * database or stream of this system's own.
 */
export async function startTestSupergraph(options: { env?: NodeJS.ProcessEnv; routerEnv?: NodeJS.ProcessEnv; events?: EventEngine } = {}): Promise<TestSupergraph> {
  // Ports are chosen first so every subgraph can be told where the others answer, and the
  // payment provider where the router takes its webhooks.
  const [routerPort, ...ports] = await Promise.all([freePort(), ...SUBGRAPH_NAMES.map(() => freePort())]);
  const serviceUrls = Object.fromEntries(SUBGRAPH_NAMES.map((name, index) => [subgraphUrlVariable(name), `http://127.0.0.1:${ports[index]}/graphql`]));
  const eventEngine = options.events ?? defaultEventEngine();
  const backbone = await eventBackboneFor(eventEngine);
  // A data directory per system: the mail it delivers is its own to read (test/support/accounts.ts).
  await mkdir(".test-data", { recursive: true });
  const dataDir = path.resolve(await mkdtemp(path.join(".test-data", "system-")));
  const env = { ...serviceUrls, ...backbone.env, DATA_DIR: dataDir, PAYMENTS_WEBHOOK_URL: `http://127.0.0.1:${routerPort}/webhooks/payments/test`, PAYMENTS_TEST_SETTLE_MS: "300", ...options.env };
  const running = await Promise.all(SUBGRAPH_NAMES.map((name, index) => startTestSubgraph(SUBGRAPHS[name] as SubgraphDefinition<any, object>, env, ports[index])));
  const subgraphs = Object.fromEntries(SUBGRAPH_NAMES.map((name, index) => [name, running[index]])) as TestSupergraph["subgraphs"];
  const router = await startRouter(
    readRouterConfig({
      PORT: String(routerPort),
      NODE_ENV: "test",
      INTERNAL_SECRET: TEST_INTERNAL_SECRET,
      ...Object.fromEntries(SUBGRAPH_NAMES.map((name) => [subgraphUrlVariable(name), subgraphs[name].url])),
      AUTH_STATUS_CACHE_MS: "0",
      ...options.routerEnv,
    }),
  );
  const all = Object.values(subgraphs) as TestSubgraph<unknown>[];
  return {
    router,
    eventEngine,
    mailDir: path.resolve(env.DATA_DIR, "mail"),
    subgraphs,
    async request(query, variables = {}, options = {}) {
      const response = await fetch(router.url, {
        method: "POST",
        headers: { "content-type": "application/json", ...(options.token ? { authorization: `Bearer ${options.token}` } : {}), ...options.headers },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as never;
    },
    queryCounts: () => Object.fromEntries(Object.entries(subgraphs).map(([name, subgraph]) => [name, subgraph.queries.length])) as never,
    resetQueries: () => all.forEach((subgraph) => subgraph.resetQueries()),
    async stop() {
      await router.stop();
      await Promise.all(all.map((subgraph) => subgraph.stop()));
      await backbone.cleanup();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
