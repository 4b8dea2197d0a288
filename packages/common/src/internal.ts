import express from "express";
import { AppError } from "./errors.js";
import { SYSTEM_CALLER, signRequest, verifyRequest } from "./trust.js";
import type { Caller } from "./context.js";
import { REQUEST_ID_HEADER, currentRequestId } from "./logging.js";
import { traceFetch } from "./tracing.js";

// Service-to-service and router-to-subgraph HTTP, signed (trust.ts): one client that signs and
// sends (`sendSignedRequest`, and `callInternal` for JSON endpoints on top of it) and one guard
// that verifies or refuses with 401 (`requireSignedRequest`). Nothing else signs or verifies.

export interface SignedRequestOptions {
  internalSecret: string;
  /** The service the request is for (a subgraph's name): only that service accepts it. */
  audience: string;
  /** The caller to vouch for (default: the system, no viewer). */
  caller?: Caller;
  /** @default "POST" */
  method?: "GET" | "POST";
  /** Sent as JSON with a POST; a GET is signed over an empty body. */
  body?: unknown;
  /** null for none (a stream that watches its own silence). @default 5000 */
  timeoutMs?: number | null;
  /** The caller's own abort: aborting rejects with the abort, not SERVICE_UNAVAILABLE. */
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

function unavailable(what: string, reason: string): AppError {
  console.error(`${what} failed: ${reason}`);
  return new AppError("SERVICE_UNAVAILABLE", "A service this needs is unavailable; try again shortly");
}

/**
 * Signs and sends one request to another service. A service that cannot be reached or does not
 * answer within the timeout turns into SERVICE_UNAVAILABLE; any answer is returned as it is.
 */
export async function sendSignedRequest(url: string | URL, options: SignedRequestOptions): Promise<Response> {
  const target = new URL(url);
  const method = options.method ?? "POST";
  const text = method === "GET" ? "" : JSON.stringify(options.body ?? null);
  const requestId = currentRequestId();
  const signals = [options.signal, options.timeoutMs === null ? undefined : AbortSignal.timeout(options.timeoutMs ?? 5_000)].filter((signal) => signal !== undefined);
  const headers: Record<string, string> = {
    ...(method === "POST" ? { "content-type": "application/json" } : {}),
    ...(requestId ? { [REQUEST_ID_HEADER]: requestId } : {}),
    ...options.headers,
    ...signRequest(options.internalSecret, { audience: options.audience, method, url: target }, text, options.caller ?? SYSTEM_CALLER),
  };
  try {
    return await traceFetch(`${method} ${target.pathname}`, headers, () =>
      fetch(target, { method, headers, body: method === "GET" ? undefined : text, signal: signals.length > 0 ? AbortSignal.any(signals) : undefined }),
    );
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw unavailable(`${method} ${target.pathname}`, (error as Error).message);
  }
}

export interface InternalCallOptions {
  internalSecret: string;
  /** The service called (a subgraph's name): only that service accepts the request. */
  audience: string;
  /** The caller to vouch for (default: the system, no viewer). */
  caller?: Caller;
  /** @default 5000 */
  timeoutMs?: number;
}

/**
 * POSTs JSON to another service's internal endpoint (`path` beside its `serviceUrl`) and reads
 * the JSON answer: a 404 is null, any other failure SERVICE_UNAVAILABLE.
 */
export async function callInternal<T>(serviceUrl: string, path: string, body: unknown, options: InternalCallOptions): Promise<T | null> {
  const response = await sendSignedRequest(new URL(path, serviceUrl), { ...options, body });
  if (response.status === 404) {
    await response.arrayBuffer();
    return null;
  }
  if (!response.ok) {
    const detail = await response.text().catch(() => "");
    throw unavailable(`internal call ${path}`, `answered ${response.status}: ${detail.slice(0, 500)}`);
  }
  return (await response.json()) as T;
}

const verifiedCallers = new WeakMap<express.Request, Caller>();

/** Where a service's app says which service it is: the audience its guard checks signatures for. */
const SERVICE_NAME_LOCAL = "serviceName";

/** Names the service an app serves (done once by `startSubgraphServer`): `requireSignedRequest` accepts only requests signed for it. */
export function nameService(app: express.Express, name: string): void {
  app.locals[SERVICE_NAME_LOCAL] = name;
}

/**
 * The guard of every signed endpoint: reads the raw body, lets a request through only when its
 * signature holds for this service (named by `nameService`; its caller then in
 * `verifiedCaller`), and answers anything else 401 with `refusal(reason)` (default
 * `{ error: reason }`). `request.body` stays the raw Buffer.
 */
export function requireSignedRequest(internalSecret: string, refusal: (reason: string) => unknown = (reason) => ({ error: reason })): express.RequestHandler[] {
  return [
    express.raw({ type: "*/*", limit: "1mb" }),
    (request, response, next) => {
      const raw: Buffer = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const audience: unknown = request.app.locals[SERVICE_NAME_LOCAL];
      const verified =
        typeof audience === "string"
          ? verifyRequest(internalSecret, audience, { method: request.method, url: request.originalUrl, headers: request.headers }, raw)
          : ({ ok: false, reason: "this service has no name to check signatures against" } as const);
      if (!verified.ok) {
        response.status(401).json(refusal(verified.reason));
        return;
      }
      verifiedCallers.set(request, verified.caller);
      next();
    },
  ];
}

/** The caller a request's signature vouched for (after `requireSignedRequest`); the system otherwise. */
export function verifiedCaller(request: express.Request): Caller {
  return verifiedCallers.get(request) ?? SYSTEM_CALLER;
}

/**
 * Serves an internal endpoint: only signed requests get in; the handler's value is the
 * JSON answer, null answers 404.
 */
export function internalRoute<TBody, TResult>(
  app: express.Express,
  path: string,
  internalSecret: string,
  handler: (body: TBody, caller: Caller) => Promise<TResult | null>,
): void {
  app.post(path, ...requireSignedRequest(internalSecret), async (request, response) => {
    const raw: Buffer = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    try {
      const result = await handler(JSON.parse(raw.toString("utf8") || "null") as TBody, verifiedCaller(request));
      if (result === null) response.status(404).json({ error: "not found" });
      else response.json(result);
    } catch (error) {
      console.error(`internal ${path} failed:`, error);
      response.status(500).json({ error: "internal error (see this service's log)" });
    }
  });
}
