import { readRouterConfig } from "@booking/router/config";
import { startRouter, type RunningRouter } from "@booking/router/router";
import { bookingsSubgraph } from "@booking/bookings/subgraph";
import { businessesSubgraph } from "@booking/businesses/subgraph";
import type { SubgraphDefinition } from "@booking/common";
import { freePort } from "../../scripts/dist/embedded-postgres.js";
import { paymentsSubgraph } from "@booking/payments/subgraph";
import { resourcesSubgraph } from "@booking/resources/subgraph";
import { usersSubgraph } from "@booking/users/subgraph";
import { TEST_INTERNAL_SECRET, startTestSubgraph, type GraphQLResult, type TestSubgraph } from "./subgraph.js";

const SUBGRAPHS = { users: usersSubgraph, businesses: businessesSubgraph, resources: resourcesSubgraph, bookings: bookingsSubgraph, payments: paymentsSubgraph };

type SubgraphDatabases = {
  [K in keyof typeof SUBGRAPHS]: (typeof SUBGRAPHS)[K] extends SubgraphDefinition<infer D, any> ? D : never;
};

export interface TestSupergraph {
  router: RunningRouter;
  subgraphs: { [K in keyof SubgraphDatabases]: TestSubgraph<SubgraphDatabases[K]> };
  /** Sends an operation through the router, as a client would, with an optional bearer token. */
  request<TData = any>(query: string, variables?: Record<string, unknown>, options?: { token?: string; headers?: Record<string, string> }): Promise<GraphQLResult<TData>>;
  /** SQL statements per subgraph since the last reset. */
  queryCounts(): Record<keyof SubgraphDatabases, number>;
  resetQueries(): void;
  stop(): Promise<void>;
}

/** The whole system in this process: five subgraphs on fresh databases, and the router in front. */
export async function startTestSupergraph(options: { env?: NodeJS.ProcessEnv; routerEnv?: NodeJS.ProcessEnv } = {}): Promise<TestSupergraph> {
  const entries = Object.entries(SUBGRAPHS);
  // Ports are chosen first so every subgraph can be told where the others answer.
  const ports = await Promise.all(entries.map(() => freePort()));
  const serviceUrls = Object.fromEntries(entries.map(([name], index) => [`${name.toUpperCase()}_URL`, `http://127.0.0.1:${ports[index]}/graphql`]));
  const running = await Promise.all(
    entries.map(([, definition], index) => startTestSubgraph(definition as SubgraphDefinition<any, object>, { ...serviceUrls, ...options.env }, ports[index])),
  );
  const subgraphs = Object.fromEntries(entries.map(([name], index) => [name, running[index]])) as TestSupergraph["subgraphs"];
  const router = await startRouter(
    readRouterConfig({
      PORT: "0",
      NODE_ENV: "test",
      INTERNAL_SECRET: TEST_INTERNAL_SECRET,
      USERS_URL: subgraphs.users.url,
      BUSINESSES_URL: subgraphs.businesses.url,
      RESOURCES_URL: subgraphs.resources.url,
      BOOKINGS_URL: subgraphs.bookings.url,
      PAYMENTS_URL: subgraphs.payments.url,
      AUTH_STATUS_CACHE_MS: "0",
      ...options.routerEnv,
    }),
  );
  const all = Object.values(subgraphs) as TestSubgraph<unknown>[];
  return {
    router,
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
    },
  };
}
