import { internalSecret, nodeEnv, port, readEnv } from "@booking/common";
import { ACCESS_TOKEN, ROUTER_PORT, SUBGRAPH_NAMES, readServiceUrls, subgraphUrlVariable, type SubgraphName } from "@booking/contracts";
import { z } from "zod";

export type { SubgraphName };

export interface RouterConfig {
  port: number;
  production: boolean;
  internalSecret: string;
  supergraphPath: string;
  /** Where each subgraph answers; the supergraph's own URLs are placeholders. */
  subgraphUrls: Record<SubgraphName, string>;
  /** How long one subgraph fetch may take before the field fails with SERVICE_UNAVAILABLE. */
  subgraphTimeoutMs: number;
  /** How long a user's status (active, suspended, role) is cached per token check. */
  authStatusCacheMs: number;
  /** How long the users JWKS is trusted before it is fetched again (JWKS_CACHE_MS). */
  jwksCacheMs: number;
  /** While users is unreachable, how long a viewer's last known status still counts. */
  authStatusStaleMs: number;
  /** Browser origins allowed by CORS: a list, or every origin (`*`, development's default). */
  corsOrigins: string[] | "*";
  /** How often an open WebSocket's user is checked again. */
  subscriptionRecheckMs: number;
  /** Which documents run: `off` any valid one, `enforce` only the operation manifest's (trusted-documents.ts). */
  trustedDocuments: "off" | "enforce";
  /** The operation manifest (schema/operations.manifest.json). */
  operationsManifestPath: string;
  /** The partners' schema reference, served at /reference outside production. */
  schemaReferencePath: string;
  /** Express's "trust proxy": which proxies' X-Forwarded-For names the client (for per-IP limits). */
  trustProxy: string | false;
  /** WebSocket connections per client address and anonymous ones (WS_CONNECTIONS_PER_IP, WS_ANONYMOUS_CONNECTIONS_PER_IP); null when RATE_LIMITS=off. */
  webSocketCaps: { perIp: number; anonymousPerIp: number } | null;
}

/** Reads the router's environment once; subgraphs default to PORT+1..PORT+5. */
export function readRouterConfig(env: NodeJS.ProcessEnv = process.env): RouterConfig {
  const url = z.string().url().optional();
  const parsed = readEnv(
    {
      PORT: port(ROUTER_PORT),
      NODE_ENV: nodeEnv,
      INTERNAL_SECRET: internalSecret,
      SUPERGRAPH_PATH: z.string().default(new URL("../../schema/supergraph.graphql", import.meta.url).pathname),
      SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
      AUTH_STATUS_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(2_000),
      JWKS_CACHE_MS: z.coerce.number().int().min(0).max(ACCESS_TOKEN.lifetimeSeconds * 1000).default(300_000),
      AUTH_STATUS_STALE_MS: z.coerce.number().int().min(0).max(3_600_000).default(300_000),
      CORS_ORIGINS: z.string().optional(),
      SUBSCRIPTION_RECHECK_MS: z.coerce.number().int().min(50).default(30_000),
      TRUST_PROXY: z.string().optional(),
      RATE_LIMITS: z.enum(["on", "off"]).default("on"),
      WS_CONNECTIONS_PER_IP: z.coerce.number().int().min(1).default(50),
      WS_ANONYMOUS_CONNECTIONS_PER_IP: z.coerce.number().int().min(0).default(5),
      TRUSTED_DOCUMENTS: z.enum(["off", "enforce"]).default("off"),
      OPERATIONS_MANIFEST_PATH: z.string().default(new URL("../../schema/operations.manifest.json", import.meta.url).pathname),
      ...Object.fromEntries(SUBGRAPH_NAMES.map((name) => [subgraphUrlVariable(name), url])),
    },
    env,
  );
  const subgraphUrls = readServiceUrls(env, parsed.PORT);
  return {
    port: parsed.PORT,
    production: parsed.NODE_ENV === "production",
    internalSecret: parsed.INTERNAL_SECRET,
    supergraphPath: parsed.SUPERGRAPH_PATH,
    subgraphUrls,
    subgraphTimeoutMs: parsed.SUBGRAPH_TIMEOUT_MS,
    authStatusCacheMs: parsed.AUTH_STATUS_CACHE_MS,
    jwksCacheMs: parsed.JWKS_CACHE_MS,
    authStatusStaleMs: parsed.AUTH_STATUS_STALE_MS,
    corsOrigins: corsOrigins(parsed.CORS_ORIGINS, parsed.NODE_ENV === "production"),
    subscriptionRecheckMs: parsed.SUBSCRIPTION_RECHECK_MS,
    trustedDocuments: parsed.TRUSTED_DOCUMENTS,
    operationsManifestPath: parsed.OPERATIONS_MANIFEST_PATH,
    schemaReferencePath: new URL("../../schema/reference.html", import.meta.url).pathname,
    trustProxy: parsed.TRUST_PROXY && parsed.TRUST_PROXY !== "false" ? parsed.TRUST_PROXY : false,
    webSocketCaps: parsed.RATE_LIMITS === "on" ? { perIp: parsed.WS_CONNECTIONS_PER_IP, anonymousPerIp: parsed.WS_ANONYMOUS_CONNECTIONS_PER_IP } : null,
  };
}

/** CORS_ORIGINS: comma-separated origins, or `*`; unset means every origin in development, none in production. */
function corsOrigins(value: string | undefined, production: boolean): string[] | "*" {
  if (value === undefined) return production ? [] : "*";
  if (value.trim() === "*") return "*";
  return value
    .split(",")
    .map((origin) => origin.trim())
    .filter(Boolean);
}
