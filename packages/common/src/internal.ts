import express from "express";
import { AppError } from "./errors.js";
import { encodeCaller, signEncodedRequest, verifyRequest } from "./trust.js";
import type { Caller } from "./context.js";

export interface InternalCallOptions {
  internalSecret: string;
  /** The caller to vouch for (default: the system, no viewer). */
  caller?: Caller;
  /** @default 5000 */
  timeoutMs?: number;
}

/**
 * POSTs JSON to another service's internal endpoint, signed like router requests. A service
 * that cannot be reached, times out or fails turns into SERVICE_UNAVAILABLE; a 404 into null.
 */
export async function callInternal<T>(serviceUrl: string, path: string, body: unknown, options: InternalCallOptions): Promise<T | null> {
  const text = JSON.stringify(body);
  const url = new URL(path, serviceUrl);
  const headers = signEncodedRequest(options.internalSecret, { method: "POST", url }, text, encodeCaller(options.caller ?? { viewer: null, clientIp: null }));
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: text,
      signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
    });
  } catch (error) {
    console.error(`internal call ${path} failed:`, (error as Error).message);
    throw new AppError("SERVICE_UNAVAILABLE", "A service this needs is unavailable; try again shortly");
  }
  if (response.status === 404) {
    await response.arrayBuffer();
    return null;
  }
  if (!response.ok) {
    const detail = await response.text().catch(() => "");
    console.error(`internal call ${path} answered ${response.status}: ${detail.slice(0, 500)}`);
    throw new AppError("SERVICE_UNAVAILABLE", "A service this needs is unavailable; try again shortly");
  }
  return (await response.json()) as T;
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
  app.post(path, express.raw({ type: "*/*", limit: "1mb" }), async (request, response) => {
    const raw: Buffer = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const verified = verifyRequest(internalSecret, { method: request.method, url: request.originalUrl, headers: request.headers }, raw);
    if (!verified.ok) {
      response.status(401).json({ error: verified.reason });
      return;
    }
    try {
      const result = await handler(JSON.parse(raw.toString("utf8") || "null") as TBody, verified.caller);
      if (result === null) response.status(404).json({ error: "not found" });
      else response.json(result);
    } catch (error) {
      console.error(`internal ${path} failed:`, error);
      response.status(500).json({ error: "internal error (see this service's log)" });
    }
  });
}
