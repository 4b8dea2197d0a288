import type { ApolloServerPlugin } from "@apollo/server";
import type { RequestHandler } from "express";
import type pg from "pg";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** One Prometheus registry per process (prom-client), with Node's default metrics. */
export interface ServiceMetrics {
  registry: Registry;
  /** Apollo plugin: request count and latency per operation name, by outcome. */
  apolloPlugin: ApolloServerPlugin;
  /** `GET /metrics` in the Prometheus text format. */
  handler: RequestHandler;
}

const MAX_OPERATION_LABELS = 200;

export function createServiceMetrics(service: string): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({ name: "graphql_requests_total", help: "GraphQL operations answered, by operation name and outcome", labelNames: ["operation", "outcome"], registers: [registry] });
  const latency = new Histogram({
    name: "graphql_request_duration_seconds",
    help: "Time from receiving a GraphQL operation to sending its answer, by operation name",
    labelNames: ["operation"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  // Bounded labels: names are the client's to choose, so only the first ones seen get their own series.
  const seen = new Set<string>();
  const label = (name: string) => {
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name)) return "invalid";
    if (seen.has(name) || seen.size < MAX_OPERATION_LABELS) return seen.add(name), name;
    return "other";
  };
  const apolloPlugin: ApolloServerPlugin = {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ request, errors, operationName }) {
          const operation = label(operationName ?? request.operationName ?? "anonymous");
          requests.inc({ operation, outcome: errors?.length ? "error" : "ok" });
          latency.observe({ operation }, Number(process.hrtime.bigint() - started) / 1e9);
        },
      };
    },
  };
  const handler: RequestHandler = async (_request, response) => {
    response.type(registry.contentType).send(await registry.metrics());
  };
  return { registry, apolloPlugin, handler };
}

/** The pools each registry reports, by name ("requests", "background"): one set of gauges per registry. */
const observedPools = new WeakMap<Registry, Map<string, pg.Pool>>();

/**
 * Reports a database pool at each scrape: connections in use and idle, the pool's maximum, and
 * queries waiting for a connection (a saturated pool shows here before it shows as latency).
 */
export function observeDatabasePool(registry: Registry, name: string, pool: pg.Pool): void {
  let pools = observedPools.get(registry);
  if (!pools) {
    pools = new Map();
    observedPools.set(registry, pools);
    const byPool = pools;
    new Gauge({
      name: "db_pool_connections",
      help: "Open connections of a database pool, in use or idle (their sum is the pool's total)",
      labelNames: ["pool", "state"],
      registers: [registry],
      collect() {
        for (const [pool, { totalCount, idleCount }] of byPool) {
          this.set({ pool, state: "in_use" }, totalCount - idleCount);
          this.set({ pool, state: "idle" }, idleCount);
        }
      },
    });
    new Gauge({
      name: "db_pool_max_connections",
      help: "The most connections a database pool opens",
      labelNames: ["pool"],
      registers: [registry],
      collect() {
        for (const [pool, { options }] of byPool) this.set({ pool }, options.max ?? 10);
      },
    });
    new Gauge({
      name: "db_pool_waiting_queries",
      help: "Queries waiting for a free connection of a database pool",
      labelNames: ["pool"],
      registers: [registry],
      collect() {
        for (const [pool, { waitingCount }] of byPool) this.set({ pool }, waitingCount);
      },
    });
  }
  pools.set(name, pool);
}
