import { readServiceUrls, type SubgraphName } from "@booking/contracts";

export interface ResourcesConfig {
  /** where the other subgraphs answer (USERS_URL ... PAYMENTS_URL): businesses, for facts its replica lacks */
  serviceUrls: Record<SubgraphName, string>;
}

/** The resources subgraph's own settings, read once at start. */
export function readResourcesConfig(env: NodeJS.ProcessEnv): ResourcesConfig {
  return { serviceUrls: readServiceUrls(env) };
}
