import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print, type DocumentNode, type ExecutionResult, type GraphQLFormattedError, type OperationDefinitionNode } from "graphql";
import { createClient, type Client as WebSocketClient } from "graphql-ws";
import { BookingError, networkError } from "./errors.js";
import * as documents from "./generated/graphql.js";
import { OPERATION_IDS } from "./generated/operation-ids.js";

export interface Session {
  accessToken: string;
  refreshToken: string;
}

export interface BookingClientOptions {
  /** The router's GraphQL endpoint, e.g. `https://booking.example.com/graphql`. */
  url: string;
  /** Where subscriptions connect (graphql-ws). @default `url` with `http` turned into `ws` */
  subscriptionsUrl?: string;
  /** A session to start with (a signed-in user's tokens). */
  session?: Session | null;
  /** Called whenever the session changes (sign-in, refresh, sign-out), to persist it. */
  onSessionChange?: (session: Session | null) => void;
  /**
   * Send the SDK's own documents by hash (`extensions.persistedQuery`), as a server with
   * TRUSTED_DOCUMENTS=enforce requires; the full text follows only if the server answers
   * PERSISTED_QUERY_NOT_FOUND. @default true
   */
  persistedDocuments?: boolean;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** A WebSocket class where there is no global one (Node 20: `import WebSocket from "ws"`). @default globalThis.WebSocket */
  webSocketImpl?: unknown;
}

type Variables<V> = V extends Record<string, never> ? [variables?: V] : [variables: V];

/** The SDK's typed documents, each with its manifest id: only these are sent by hash. */
const PERSISTED = new Map<DocumentNode, string>(
  Object.entries(documents)
    .filter(([name]) => name.endsWith("Document") && OPERATION_IDS[name.slice(0, -"Document".length)])
    .map(([name, document]) => [document as DocumentNode, OPERATION_IDS[name.slice(0, -"Document".length)]!]),
);

/**
 * A small typed client: queries and mutations over HTTP, subscriptions over graphql-ws, one
 * session whose access token is refreshed (once, shared by concurrent calls) when the API
 * answers UNAUTHENTICATED. Failures throw `BookingError` with a typed `code`.
 */
export class BookingClient {
  private session: Session | null;
  private refreshing: Promise<boolean> | null = null;
  private webSocket: WebSocketClient | null = null;
  private readonly fetch: typeof fetch;
  private readonly texts = new WeakMap<DocumentNode, string>();

  constructor(private readonly options: BookingClientOptions) {
    this.session = options.session ?? null;
    this.fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  get currentSession(): Session | null {
    return this.session;
  }

  setSession(session: Session | null): void {
    this.session = session;
    this.options.onSessionChange?.(session);
  }

  /** Signs in with an email or username and a password, and keeps the session. */
  async signIn(login: string, password: string) {
    const { login: signedIn } = await this.request(documents.LoginDocument, { login, password });
    this.setSession({ accessToken: signedIn.accessToken, refreshToken: signedIn.refreshToken });
    return signedIn.user;
  }

  /** Ends the session on the server and here. */
  async signOut(): Promise<void> {
    const session = this.session;
    this.setSession(null);
    this.webSocket?.terminate();
    this.webSocket = null;
    if (session) await this.request(documents.LogoutDocument, { refreshToken: session.refreshToken });
  }

  /** Runs a query or mutation; a stale access token is refreshed and the call repeated once. */
  async request<TData, TVariables extends Record<string, unknown>>(document: TypedDocumentNode<TData, TVariables>, ...[variables]: Variables<TVariables>): Promise<TData> {
    const sentWith = this.session;
    const result = await this.send(document, variables ?? {});
    if (result.errors?.length) {
      const error = new BookingError(result.errors, result.data ?? null);
      if (error.code === "UNAUTHENTICATED" && sentWith && (await this.refresh(sentWith))) return this.request(document, ...([variables] as Variables<TVariables>));
      throw error;
    }
    return result.data as TData;
  }

  /**
   * Subscribes over graphql-ws; iterate the result (`for await`), and `return()` (or `break`)
   * to unsubscribe. A socket closed for an expired token (4401) reconnects with a refreshed one.
   */
  subscribe<TData, TVariables extends Record<string, unknown>>(document: TypedDocumentNode<TData, TVariables>, ...[variables]: Variables<TVariables>): AsyncGenerator<TData> {
    const results = this.webSocketClient().iterate<TData>({ query: this.textOf(document), variables: variables ?? {}, operationName: operationName(document) });
    return (async function* () {
      try {
        for await (const result of results) {
          if (result.errors?.length) throw new BookingError(result.errors as GraphQLFormattedError[], result.data ?? null);
          yield result.data as TData;
        }
      } catch (error) {
        throw error instanceof BookingError ? error : socketError(error);
      } finally {
        await results.return?.(undefined);
      }
    })();
  }

  /** Closes the WebSocket, if one is open. */
  async close(): Promise<void> {
    await this.webSocket?.dispose();
    this.webSocket = null;
  }

  private async send(document: DocumentNode, variables: Record<string, unknown>, authenticated = true): Promise<ExecutionResult> {
    const id = this.options.persistedDocuments === false ? undefined : PERSISTED.get(document);
    const base = { operationName: operationName(document), variables };
    if (id) {
      const byHash = await this.post({ ...base, extensions: { persistedQuery: { version: 1, sha256Hash: id } } }, authenticated);
      if (!byHash.errors?.some((error) => error.extensions?.code === "PERSISTED_QUERY_NOT_FOUND")) return byHash;
      return this.post({ ...base, query: this.textOf(document), extensions: { persistedQuery: { version: 1, sha256Hash: id } } }, authenticated);
    }
    return this.post({ ...base, query: this.textOf(document) }, authenticated);
  }

  private async post(body: Record<string, unknown>, authenticated: boolean): Promise<ExecutionResult> {
    const headers: Record<string, string> = { "content-type": "application/json", accept: "application/graphql-response+json, application/json" };
    if (authenticated && this.session) headers.authorization = `Bearer ${this.session.accessToken}`;
    let response: Response;
    try {
      response = await this.fetch(this.options.url, { method: "POST", headers, body: JSON.stringify(body) });
    } catch (error) {
      throw networkError(`Could not reach ${this.options.url}: ${(error as Error).message}`);
    }
    const text = await response.text();
    try {
      const parsed = JSON.parse(text) as ExecutionResult;
      if (parsed && (parsed.data !== undefined || parsed.errors)) return parsed;
    } catch {
      // not JSON: below
    }
    throw networkError(`${this.options.url} answered HTTP ${response.status} without a GraphQL result`);
  }

  /** Trades the refresh token for a new session; false when it is no longer valid (the session ends). */
  private refresh(stale: Session): Promise<boolean> {
    // Another call refreshed already: just retry with the new token.
    if (this.session && this.session !== stale) return Promise.resolve(true);
    this.refreshing ??= (async () => {
      try {
        // Without the stale access token: the router refuses a request that carries a bad one.
        const result = await this.send(documents.RefreshTokenDocument, { refreshToken: stale.refreshToken }, false);
        const tokens = (result.data as { refreshToken?: Session } | null | undefined)?.refreshToken;
        this.setSession(result.errors?.length || !tokens ? null : { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken });
        return this.session !== null;
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  private webSocketClient(): WebSocketClient {
    if (this.webSocket) return this.webSocket;
    let tokenRejected = false;
    this.webSocket = createClient({
      url: this.options.subscriptionsUrl ?? this.options.url.replace(/^http/, "ws"),
      webSocketImpl: this.options.webSocketImpl,
      connectionParams: () => (this.session ? { authorization: `Bearer ${this.session.accessToken}` } : {}),
      // 4401: the token expired or was refused; refresh it, then connect again.
      shouldRetry: (event) => {
        tokenRejected = (event as { code?: number }).code === 4401 && this.session !== null;
        return tokenRejected || !isCloseEvent(event) || (event as { code: number }).code === 1006;
      },
      retryWait: async (retries) => {
        if (tokenRejected && this.session) {
          if (!(await this.refresh(this.session))) throw networkError("The session ended");
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, Math.min(1_000 * 2 ** retries, 10_000) * (0.5 + Math.random() / 2)));
      },
    });
    return this.webSocket;
  }

  private textOf(document: DocumentNode): string {
    let text = this.texts.get(document);
    if (text === undefined) this.texts.set(document, (text = print(document)));
    return text;
  }
}

export function createBookingClient(options: BookingClientOptions): BookingClient {
  return new BookingClient(options);
}

function operationName(document: DocumentNode): string | undefined {
  const operation = document.definitions.find((definition): definition is OperationDefinitionNode => definition.kind === "OperationDefinition");
  return operation?.name?.value;
}

function isCloseEvent(value: unknown): value is { code: number; reason: string } {
  return typeof value === "object" && value !== null && "code" in value && "reason" in value;
}

/** graphql-ws rejects with a CloseEvent (4401, 4403, ...) or an Error; either becomes a BookingError. */
function socketError(error: unknown): BookingError {
  if (isCloseEvent(error)) {
    const code = error.code === 4401 ? "UNAUTHENTICATED" : error.code === 4403 ? "FORBIDDEN" : "NETWORK_ERROR";
    return new BookingError([{ message: error.reason || `The subscription socket closed (${error.code})`, extensions: { code, closeCode: error.code } }]);
  }
  if (Array.isArray(error)) return new BookingError(error as GraphQLFormattedError[]);
  return networkError((error as Error)?.message ?? String(error));
}
