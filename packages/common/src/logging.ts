import { randomUUID } from "node:crypto";
import { AsyncLocalStorage } from "node:async_hooks";
import { format } from "node:util";
import type { ApolloServerPlugin } from "@apollo/server";
import type { RequestHandler } from "express";
import { pino, type Logger } from "pino";

/** The header that carries a request's id from client to router to every subgraph and back. */
export const REQUEST_ID_HEADER = "x-request-id";

const requestScope = new AsyncLocalStorage<{ requestId: string }>();

/**
 * Never logged, wherever they appear in a logged object: tokens, passwords, one-time codes,
 * secrets and credentials-bearing headers.
 */
const REDACTED_PATHS = [
  "password",
  "newPassword",
  "currentPassword",
  "token",
  "accessToken",
  "refreshToken",
  "idToken",
  "secret",
  "clientSecret",
  "otp",
  "authorization",
  "cookie",
  "headers.authorization",
  "headers.cookie",
  "headers[\"payment-signature\"]",
  "headers[\"x-booking-signature\"]",
].flatMap((key) => [key, `*.${key}`]);

/**
 * The process's one logger: JSON lines on stdout, each with the service and the current request
 * id. Until a service entry point configures it (in-process tests), it reports warnings and errors only.
 */
export let logger: Logger = createLogger("service", "warn");

function createLogger(service: string, level: string): Logger {
  return pino({
    level,
    base: { service },
    redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin: () => {
      const requestId = requestScope.getStore()?.requestId;
      return requestId ? { requestId } : {};
    },
  });
}

/**
 * Names the process's logger and sets its level (LOG_LEVEL); `console` is routed through it
 * too, so no line of the process, ours or a library's, escapes the JSON format or the request id.
 */
export function configureLogging(service: string, level = "info"): Logger {
  logger = createLogger(service, level);
  const write = (method: "info" | "warn" | "error") => (...args: unknown[]) => {
    const error = args.find((arg): arg is Error => arg instanceof Error);
    const message = format(...args.filter((arg) => arg !== error));
    if (error) logger[method]({ err: error }, message);
    else logger[method](message);
  };
  console.log = write("info");
  console.info = write("info");
  console.warn = write("warn");
  console.error = write("error");
  return logger;
}

/** The id of the request this code runs for, if any. */
export function currentRequestId(): string | undefined {
  return requestScope.getStore()?.requestId;
}

/** Runs `work` as part of request `requestId` (background work a request triggered). */
export function withRequestId<T>(requestId: string, work: () => T): T {
  return requestScope.run({ requestId }, work);
}

/** A client's id is taken when it is sane (1-128 of [A-Za-z0-9._:-]); otherwise one is made. */
export function saneRequestId(value: unknown): string {
  return typeof value === "string" && /^[A-Za-z0-9._:-]{1,128}$/.test(value) ? value : randomUUID();
}

/** Express: every request gets an id (the client's when sane), echoed on the response and on every log line. */
export function requestIdMiddleware(): RequestHandler {
  return (request, response, next) => {
    const requestId = saneRequestId(request.headers[REQUEST_ID_HEADER]);
    response.setHeader(REQUEST_ID_HEADER, requestId);
    requestScope.run({ requestId }, next);
  };
}

/** Apollo plugin: one log line per GraphQL operation answered, with its name, outcome and time. */
export function requestLogPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ request, errors, operationName }) {
          const codes = errors?.map((error) => error.extensions?.code ?? "INTERNAL_SERVER_ERROR");
          logger.info({ operation: operationName ?? request.operationName ?? null, durationMs: Math.round(performance.now() - started), ...(codes?.length ? { errorCodes: codes } : {}) }, "graphql operation");
        },
      };
    },
  };
}
