import { createClient } from "graphql-sse";
import { waitFor } from "./wait.js";

/**
 * One subscription over GraphQL-over-SSE (graphql-sse, distinct connections), authenticated
 * like any HTTP request; collects results as `collect` does for graphql-ws.
 */
export function subscribeOverSse(routerUrl: string, token: string | undefined, query: string, variables: Record<string, unknown> = {}, operationName?: string) {
  const results: { data?: any; errors?: any[] }[] = [];
  let error: unknown = null;
  let completed = false;
  let onConnected: () => void = () => undefined;
  const connected = new Promise<void>((resolve) => (onConnected = resolve));
  const client = createClient({ url: routerUrl, retryAttempts: 0, headers: token ? { authorization: `Bearer ${token}` } : {} });
  const unsubscribe = client.subscribe(
    { query, variables, ...(operationName ? { operationName } : {}) },
    {
      next: (value) => void results.push(value as never),
      error: (reason) => {
        error = reason;
      },
      complete: () => {
        completed = true;
      },
    },
    { connected: () => onConnected() },
  );
  return {
    results,
    connected,
    get error() {
      return error;
    },
    get completed() {
      return completed;
    },
    close: () => {
      unsubscribe();
      client.dispose();
    },
  };
}

/** Waits until `count` results arrived, or the stream ended; fails after `timeoutMs`. */
export function waitForResults(stream: { results: unknown[]; completed: boolean }, count: number, timeoutMs = 3_000) {
  return waitFor(() => (stream.results.length >= count || stream.completed) && stream.results, timeoutMs, `${count} results on the event stream`);
}
