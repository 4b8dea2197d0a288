import type { ApolloServerPlugin } from "@apollo/server";
import type { RequestHandler } from "express";
import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";

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
