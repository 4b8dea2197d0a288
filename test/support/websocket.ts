import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";

export interface WebSocketSession {
  client: Client;
  /** Resolves with the close code once the server closes the socket. */
  closed: Promise<number>;
  /** Resolves with the close code and reason once the server closes the socket. */
  closedWith: Promise<{ code: number; reason: string }>;
  /** Resolves once the server acknowledged connection_init. */
  connected: Promise<void>;
}

/** A graphql-ws client as a SPA would open it, with the token in connection_init. */
export function openWebSocket(routerUrl: string, token?: string, options: { headers?: Record<string, string> } = {}): WebSocketSession {
  let onClosed: (event: { code: number; reason: string }) => void = () => undefined;
  let onConnected: () => void = () => undefined;
  const closedWith = new Promise<{ code: number; reason: string }>((resolve) => (onClosed = resolve));
  const closed = closedWith.then((event) => event.code);
  const connected = new Promise<void>((resolve) => (onConnected = resolve));
  const client = createClient({
    url: routerUrl.replace(/^http/, "ws"),
    webSocketImpl: options.headers
      ? class extends WebSocket {
          constructor(address: string, protocols?: string | string[]) {
            super(address, protocols, { headers: options.headers });
          }
        }
      : WebSocket,
    lazy: false,
    retryAttempts: 0,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    on: {
      connected: () => onConnected(),
      closed: (event) => onClosed({ code: (event as { code: number }).code, reason: String((event as { reason?: unknown }).reason ?? "") }),
    },
    onNonLazyError: () => undefined,
  });
  return { client, closed, closedWith, connected };
}

/** Subscribes and collects what arrives: results and the final error, if any. */
export function collect(client: Client, query: string, variables: Record<string, unknown> = {}, operationName?: string) {
  const results: { data?: any; errors?: any[] }[] = [];
  let error: any = null;
  let onFirst: () => void = () => undefined;
  const firstEvent = new Promise<void>((resolve) => (onFirst = resolve));
  const done = new Promise<void>((resolve) => {
    client.subscribe(
      { query, variables, ...(operationName ? { operationName } : {}) },
      {
        next: (value) => {
          results.push(value as never);
          onFirst();
        },
        error: (reason) => {
          error = reason;
          onFirst();
          resolve();
        },
        complete: () => resolve(),
      },
    );
  });
  return { results, get error() { return error; }, firstEvent, done };
}
