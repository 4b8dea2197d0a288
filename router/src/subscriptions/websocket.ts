import { AppError, ipBudgetKey } from "@booking/common";
import { CloseCode } from "graphql-ws";
import { useServer } from "graphql-ws/use/ws";
import type { GraphQLSchema } from "graphql";
import type http from "node:http";
import { WebSocket, WebSocketServer } from "ws";
import type { AuthenticatedViewer, Authenticator } from "../authentication.js";
import type { RouterContext } from "../context.js";
import { ConnectionCaps, type ConnectionCapsOptions, type ConnectionRefusal } from "./connection-caps.js";
import type { SubscriptionRequests } from "./subscription-requests.js";

export interface SubscriptionServerOptions {
  httpServer: http.Server;
  /** @default "/graphql" */
  path?: string;
  authenticator: Authenticator;
  /** The API schema (graphql-ws validates messages against it). */
  schema: GraphQLSchema;
  /** What a subscribe message may run, and its results (transport-free). */
  subscriptions: SubscriptionRequests;
  /**
   * How often a connection's user is checked again (suspension, logoutAll).
   * @default 30000
   */
  recheckMs?: number;
  /** Connections per address and anonymous ones; none: no caps (RATE_LIMITS=off). */
  caps?: ConnectionCapsOptions | null;
  /** The client's address as per-IP limits count it (behind TRUST_PROXY, from X-Forwarded-For); @default the socket's peer */
  clientIpOf?: (request: http.IncomingMessage) => string | null;
}

interface ConnectionState {
  viewer: AuthenticatedViewer | null;
  clientIp: string | null;
  subscriptions: number;
}

// 4401 and 4403 mean the token or the account; an outage behind the router is "try again later" (1013).
const CLOSE_FOR: Record<string, number> = { UNAUTHENTICATED: CloseCode.Unauthorized, ACCOUNT_SUSPENDED: CloseCode.Forbidden, FORBIDDEN: CloseCode.Forbidden, SERVICE_UNAVAILABLE: 1013 };
const CLOSE_REASON: Record<string, string> = { UNAUTHENTICATED: "Unauthorized", ACCOUNT_SUSPENDED: "Account suspended", FORBIDDEN: "Forbidden", SERVICE_UNAVAILABLE: "Try again later" };

/** @default 1 MiB: one graphql-ws message. */
const MAX_MESSAGE_BYTES = 1 << 20;
/** Subscriptions one connection may hold at once. */
const MAX_SUBSCRIPTIONS_PER_CONNECTION = 20;

/** A connection over a cap: like HTTP's 429, and graphql-ws clients do not retry it. */
export const TOO_MANY_CONNECTIONS_CLOSE_CODE = CloseCode.TooManyInitialisationRequests;
const REFUSAL_REASON: Record<Exclude<ConnectionRefusal, null>, string> = {
  TOO_MANY_CONNECTIONS: "Too many connections from this address",
  TOO_MANY_ANONYMOUS_CONNECTIONS: "Too many anonymous connections from this address: sign in",
};

/**
 * graphql-ws (`graphql-transport-ws`) on the router's path. The token in `connection_init`
 * is verified like the HTTP header; a bad one closes with 4401, a suspended account with
 * 4403, and so does the token running out or the account being suspended later.
 */
export function attachSubscriptionServer(options: SubscriptionServerOptions): { close(): Promise<void> } {
  const wss = new WebSocketServer({ server: options.httpServer, path: options.path ?? "/graphql", maxPayload: MAX_MESSAGE_BYTES });
  const states = new WeakMap<object, ConnectionState>();
  const caps = new ConnectionCaps(options.caps ?? null);
  const counted = new WeakMap<object, { address: string | null; markAnonymous(): void; release(): void }>();
  const clientIpOf = options.clientIpOf ?? ((request: http.IncomingMessage) => request.socket.remoteAddress ?? null);
  // Counted as the socket opens, before graphql-ws reads a message: a refused one costs a close frame.
  wss.on("connection", (socket: WebSocket, request: http.IncomingMessage) => {
    const address = ipBudgetKey(clientIpOf(request));
    const refusal = caps.admit(address);
    if (refusal) {
      socket.close(TOO_MANY_CONNECTIONS_CLOSE_CODE, REFUSAL_REASON[refusal]);
      return;
    }
    let anonymous = false;
    let released = false;
    const release = () => {
      if (!released) caps.release(address, anonymous);
      released = true;
    };
    counted.set(socket, { address, markAnonymous: () => (anonymous = true), release });
    socket.once("close", release);
  });
  const server = useServer<Record<string, unknown>, { socket: WebSocket; request: http.IncomingMessage }>(
    {
      schema: options.schema,
      onConnect: async (ctx) => {
        const authorization = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
        try {
          const viewer = await options.authenticator.authenticate(typeof authorization === "string" ? authorization : undefined);
          // The client may have gone while its token was checked: then there is nothing to watch.
          if (ctx.extra.socket.readyState !== WebSocket.OPEN) return false;
          const admitted = counted.get(ctx.extra.socket);
          if (!viewer && admitted) {
            const refusal = caps.admitAnonymous(admitted.address);
            if (refusal) {
              // its place is free at once, not when the close handshake ends
              admitted.release();
              ctx.extra.socket.close(TOO_MANY_CONNECTIONS_CLOSE_CODE, REFUSAL_REASON[refusal]);
              return false;
            }
            admitted.markAnonymous();
          }
          states.set(ctx.extra.socket, { viewer, clientIp: clientIpOf(ctx.extra.request), subscriptions: 0 });
          if (viewer) watchSession(ctx.extra.socket, viewer, options);
          return true;
        } catch (error) {
          const code = String((error as AppError).extensions?.code);
          ctx.extra.socket.close(CLOSE_FOR[code] ?? CloseCode.Forbidden, CLOSE_REASON[code] ?? "Forbidden");
          return false;
        }
      },
      onSubscribe: async (ctx, _id, payload) => {
        const state = states.get(ctx.extra.socket) ?? { viewer: null, clientIp: null, subscriptions: 0 };
        if (state.subscriptions >= MAX_SUBSCRIPTIONS_PER_CONNECTION) {
          return [new AppError("RATE_LIMITED", `At most ${MAX_SUBSCRIPTIONS_PER_CONNECTION} subscriptions per connection`, { retryAfter: 1 })];
        }
        // The slot is taken before any await, so simultaneous subscribes cannot all pass the cap.
        state.subscriptions += 1;
        const context: RouterContext = { viewer: state.viewer, clientIp: state.clientIp };
        const accepted = await options.subscriptions.prepare(payload, context);
        if (Array.isArray(accepted)) state.subscriptions -= 1;
        return accepted;
      },
      onComplete: (ctx) => {
        const state = states.get(ctx.extra.socket);
        if (state) state.subscriptions = Math.max(0, state.subscriptions - 1);
      },
      subscribe: (args) => options.subscriptions.subscribe(args),
    },
    wss,
  );

  return {
    close: async () => {
      await server.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/** Closes the socket when the token runs out, or when the account may no longer act. */
function watchSession(socket: WebSocket, viewer: AuthenticatedViewer, options: SubscriptionServerOptions): void {
  const expiry = setTimeout(() => socket.close(CloseCode.Unauthorized, "The access token has expired"), Math.max(0, viewer.expiresAt - Date.now()));
  const recheck = setInterval(() => {
    options.authenticator.recheck(viewer).catch((error: unknown) => {
      const code = (error as AppError).extensions?.code;
      if (code === "SERVICE_UNAVAILABLE") return;
      socket.close(CLOSE_FOR[String(code)] ?? CloseCode.Forbidden, CLOSE_REASON[String(code)] ?? "Forbidden");
    });
  }, options.recheckMs ?? 30_000);
  socket.once("close", () => {
    clearTimeout(expiry);
    clearInterval(recheck);
  });
}
