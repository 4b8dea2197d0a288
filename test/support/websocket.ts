import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";

export interface WebSocketSession {
  client: Client;
  /** Resolves with the close code once the server closes the socket. */
  closed: Promise<number>;
  /** Resolves once the server acknowledged connection_init. */
  connected: Promise<void>;
}

/** A graphql-ws client as a SPA would open it, with the token in connection_init. */
export function openWebSocket(routerUrl: string, token?: string): WebSocketSession {
  let onClosed: (code: number) => void = () => undefined;
  let onConnected: () => void = () => undefined;
  const closed = new Promise<number>((resolve) => (onClosed = resolve));
  const connected = new Promise<void>((resolve) => (onConnected = resolve));
  const client = createClient({
    url: routerUrl.replace(/^http/, "ws"),
    webSocketImpl: WebSocket,
    lazy: false,
    retryAttempts: 0,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    on: {
      connected: () => onConnected(),
      closed: (event) => onClosed((event as { code: number }).code),
    },
    onNonLazyError: () => undefined,
  });
  return { client, closed, connected };
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
