import cors from "cors";
import type { RequestHandler } from "express";

/**
 * CORS for browser apps on other origins (the `cors` package): an allowed origin gets its own
 * origin back in Access-Control-Allow-Origin, any other gets no CORS headers, so the browser
 * refuses. `*` allows every origin. Tokens travel in the Authorization header, not cookies,
 * so no credentials mode is needed.
 */
export function corsFor(origins: string[] | "*"): RequestHandler {
  return cors({
    origin: origins === "*" ? true : origins,
    methods: ["GET", "POST", "OPTIONS"],
    allowedHeaders: ["authorization", "content-type", "x-request-id", "apollo-require-preflight"],
    exposedHeaders: ["x-request-id"],
    maxAge: 600,
  });
}
