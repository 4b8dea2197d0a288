import { createServiceMetrics, type ServiceMetrics } from "@booking/common";
import { Counter, Gauge, Histogram } from "prom-client";

export interface RouterMetrics extends ServiceMetrics {
  /** Times one subgraph's fetches: call at the start, call the result with the outcome at the end. */
  subgraphFetchTimer(subgraph: string): () => (outcome: "ok" | "unavailable") => void;
  /** Counts one subgraph fetch answered by an identical one in flight (signed-data-source.ts). */
  sharedFetchCounter(subgraph: string): () => void;
  /** Counts one query answered by an identical one in flight (in-flight-operations.ts). */
  sharedOperation(): void;
  /** Reports the open subscriptions at each scrape. */
  watchSubscriptions(count: () => number): void;
}

/**
 * The router's `/metrics` (prom-client): what every service reports (operations by name, their
 * latency, Node's own), plus subgraph fetch latency, fetches merged into identical ones in
 * flight, and open subscriptions.
 */
export function createRouterMetrics(): RouterMetrics {
  const base = createServiceMetrics("router");
  const fetches = new Histogram({
    name: "subgraph_fetch_duration_seconds",
    help: "Time of one fetch from the router to a subgraph",
    labelNames: ["subgraph", "outcome"],
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [base.registry],
  });
  const shared = new Counter({
    name: "subgraph_fetches_shared_total",
    help: "Subgraph fetches not sent because an identical one (same body and viewer) was in flight",
    labelNames: ["subgraph"],
    registers: [base.registry],
  });
  const sharedOperations = new Counter({
    name: "operations_shared_total",
    help: "Queries not executed because an identical one (same document, variables and viewer) was in flight",
    registers: [base.registry],
  });
  let countSubscriptions = () => 0;
  new Gauge({
    name: "subscriptions_open",
    help: "Subscriptions listening for booking events on this router",
    registers: [base.registry],
    collect() {
      this.set(countSubscriptions());
    },
  });
  return {
    ...base,
    subgraphFetchTimer: (subgraph) => () => {
      const end = fetches.startTimer({ subgraph });
      return (outcome) => void end({ outcome });
    },
    sharedFetchCounter: (subgraph) => () => shared.inc({ subgraph }),
    sharedOperation: () => sharedOperations.inc(),
    watchSubscriptions: (count) => {
      countSubscriptions = count;
    },
  };
}
