import type { RequestHandler } from "express";
import type { SubgraphName } from "./config.js";

export interface HealthOptions {
  subgraphUrls: Record<SubgraphName, string>;
  /** True once the gateway has loaded the supergraph. */
  isSupergraphLoaded: () => boolean;
  timeoutMs?: number;
}

/** `GET /health/live`: 200 while the process runs and answers, whatever its dependencies do. */
export const liveness: RequestHandler = (_request, response) => {
  response.json({ status: "live" });
};

/**
 * `GET /health`: 200 when the supergraph is loaded and every subgraph answers, else 503 naming
 * what is down: each subgraph down, with what its own /health names (`database down`), or why
 * it did not answer.
 */
export function healthHandler({ subgraphUrls, isSupergraphLoaded, timeoutMs = 2_000 }: HealthOptions): RequestHandler {
  return async (_request, response) => {
    const checks = await Promise.all(
      Object.entries(subgraphUrls).map(async ([name, url]) => {
        try {
          const answer = await fetch(new URL("/health", url), { signal: AbortSignal.timeout(timeoutMs) });
          const body = (await answer.json().catch(() => null)) as { down?: Record<string, unknown> } | null;
          if (answer.ok) return { name, up: true };
          // a subgraph names what it depends on that is down (its database)
          const named = body?.down && typeof body.down === "object" ? Object.keys(body.down).map((what) => `${what} down`) : [];
          return { name, up: false, reason: named.length > 0 ? named.join(", ") : `health answered ${answer.status}` };
        } catch (error) {
          return { name, up: false, reason: (error as Error).message };
        }
      }),
    );
    const down = Object.fromEntries(checks.filter((check) => !check.up).map((check) => [check.name, check.reason]));
    const supergraphLoaded = isSupergraphLoaded();
    const healthy = supergraphLoaded && Object.keys(down).length === 0;
    response.status(healthy ? 200 : 503).json({
      status: healthy ? "ok" : "down",
      supergraph: supergraphLoaded ? "loaded" : "not loaded",
      subgraphs: Object.fromEntries(checks.map((check) => [check.name, check.up ? "up" : "down"])),
      ...(healthy ? {} : { down }),
    });
  };
}
