import { readEnv } from "@booking/common";
import { readServiceUrls, type SubgraphName } from "@booking/contracts";
import { z } from "zod";

export interface BusinessesConfig {
  /** BUSINESS_FACTS_MAX_BACKOFF_MS: the longest wait between two tries of the facts push while resources is down (doubling from 0.5 s) */
  factsMaxBackoffMs: number;
  /** where the other subgraphs answer (USERS_URL ... PAYMENTS_URL): resources, for the facts push */
  serviceUrls: Record<SubgraphName, string>;
}

/** The businesses subgraph's own settings, read once at start. */
export function readBusinessesConfig(env: NodeJS.ProcessEnv): BusinessesConfig {
  const parsed = readEnv({ BUSINESS_FACTS_MAX_BACKOFF_MS: z.coerce.number().int().min(100).default(60_000) }, env);
  return { factsMaxBackoffMs: parsed.BUSINESS_FACTS_MAX_BACKOFF_MS, serviceUrls: readServiceUrls(env) };
}
