import { AppError } from "@booking/common";
import type { RequestHandler } from "express";
import type { ExecutionArgs, ExecutionResult } from "graphql";
import { createHandler } from "graphql-sse/lib/use/express";
import type { AuthenticatedViewer, Authenticator } from "../authentication.js";
import type { RouterContext } from "../context.js";
import type { SubscriptionRequests } from "./subscription-requests.js";

export interface SseSubscriptionsOptions {
  authenticator: Authenticator;
  /** What a subscribe request may run, and its results (the same core as graphql-ws). */
  subscriptions: SubscriptionRequests;
}

/**
 * GraphQL over Server-Sent Events (graphql-sse, "distinct connections" mode) for clients that
 * cannot hold a WebSocket: a POST (or GET) to /graphql with `Accept: text/event-stream` streams
 * one subscription's results as `next` events. It is authenticated like any HTTP request (the
 * Authorization header, the same verifier and codes) and runs through the same subscription
 * core as graphql-ws; the stream completes when the access token expires, as the socket closes.
 */
export function sseSubscriptions(options: SseSubscriptionsOptions): RequestHandler {
  const handler = createHandler<Record<PropertyKey, unknown>>({
    // null: no "single connection mode" with its reservation tokens; one stream per subscription.
    authenticate: () => null,
    onSubscribe: async (request, params) => {
      let context: RouterContext;
      try {
        context = { viewer: await options.authenticator.authenticate(request.raw.headers.authorization), clientIp: request.raw.ip ?? null };
      } catch (error) {
        return errorsResult([error as AppError]);
      }
      const prepared = await options.subscriptions.prepare(params, context);
      return Array.isArray(prepared) ? errorsResult(prepared) : (prepared as ExecutionArgs & { contextValue: Record<PropertyKey, unknown> });
    },
    subscribe: (args) => endsWithToken(options.subscriptions.subscribe(args), ((args.contextValue as unknown as RouterContext).viewer as AuthenticatedViewer | null)?.expiresAt),
  });
  return (request, response, next) => {
    if (!request.headers.accept?.includes("text/event-stream")) return next();
    handler(request, response).catch(next);
  };
}

function errorsResult(errors: readonly Error[]): ExecutionResult {
  // graphql-sse takes a result for one only when it has a `data` key.
  return { data: null, errors: errors.map((error) => (error instanceof AppError ? error : new AppError("INTERNAL_SERVER_ERROR", "The subscription could not start"))) };
}

/** Ends a stream when its access token expires: the client reconnects with a fresh one. */
function endsWithToken(results: AsyncIterableIterator<ExecutionResult>, expiresAt: number | undefined): AsyncIterableIterator<ExecutionResult> {
  if (expiresAt === undefined) return results;
  const timer = setTimeout(() => void results.return?.(), Math.max(0, expiresAt - Date.now()));
  const stop = async () => {
    clearTimeout(timer);
    return (await results.return?.()) ?? { done: true as const, value: undefined };
  };
  const wrapped: AsyncIterableIterator<ExecutionResult> = {
    [Symbol.asyncIterator]: () => wrapped,
    next: async () => {
      const result = await results.next();
      if (result.done) clearTimeout(timer);
      return result;
    },
    return: stop,
    throw: stop,
  };
  return wrapped;
}
