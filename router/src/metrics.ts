import { createServiceMetrics, type ServiceMetrics } from "@booking/common";
import { Gauge, Histogram } from "prom-client";

export interface RouterMetrics extends ServiceMetrics {
  /** Times one subgraph's fetches: call at the start, call the result with the outcome at the end. */
  subgraphFetchTimer(subgraph: string): () => (outcome: "ok" | "unavailable") => void;
  /** Reports the open subscriptions at each scrape. */
  watchSubscriptions(count: () => number): void;
}

/**
 * The router's `/metrics` (prom-client): what every service reports (operations by name, their
 * latency, Node's own), plus subgraph fetch latency and open subscriptions.
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
    watchSubscriptions: (count) => {
      countSubscriptions = count;
    },
  };
}
