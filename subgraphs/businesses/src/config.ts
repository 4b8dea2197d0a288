import { readEventsConfig, type EventsConfig } from "@booking/common";

export interface BusinessesConfig {
  /** where its events travel (EVENTS_DATABASE_URL or NATS_URL): every change of a business's facts, to resources */
  events: EventsConfig;
}

/** The businesses subgraph's own settings, read once at start. */
export function readBusinessesConfig(env: NodeJS.ProcessEnv): BusinessesConfig {
  return { events: readEventsConfig(env) };
}
