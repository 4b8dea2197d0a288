import { readEventsConfig, type EventsConfig } from "@booking/common";
import { readServiceUrls, type SubgraphName } from "@booking/contracts";

export interface ResourcesConfig {
  /** where the other subgraphs answer (USERS_URL ... PAYMENTS_URL): businesses, for a business's current facts */
  serviceUrls: Record<SubgraphName, string>;
  /** where events from other services come (EVENTS_DATABASE_URL or NATS_URL): businesses' facts, for the replica */
  events: EventsConfig;
}

/** The resources subgraph's own settings, read once at start. */
export function readResourcesConfig(env: NodeJS.ProcessEnv): ResourcesConfig {
  return { serviceUrls: readServiceUrls(env), events: readEventsConfig(env) };
}
