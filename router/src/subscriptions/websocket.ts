import { AppError } from "@booking/common";
import { CloseCode, type SubscribePayload } from "graphql-ws";
import { useServer } from "graphql-ws/use/ws";
import { GraphQLError, Kind, parse, specifiedRules, validate, type DocumentNode, type ExecutionArgs, type ExecutionResult, type FieldNode, type OperationDefinitionNode } from "graphql";
import type http from "node:http";
import { WebSocket, WebSocketServer } from "ws";
import type { AuthenticatedViewer, Authenticator } from "../authentication.js";
import { DEFAULT_QUERY_LIMITS, exceedsTokens, queryLimitRules } from "../query-limits.js";
import type { RouterContext } from "../context.js";
import type { BookingChange, BookingEventStream } from "./booking-event-stream.js";
import { canWatchBusinessEvents, isOwnEvent, type BusinessOwnerLookup, type EventFilter as Filter } from "./event-access.js";
import type { PlannedSubscription, SubscriptionExecutor } from "./subscription-executor.js";

export interface SubscriptionServerOptions {
  httpServer: http.Server;
  /** @default "/graphql" */
  path?: string;
  authenticator: Authenticator;
  executor: SubscriptionExecutor;
  events: BookingEventStream;
  /** How a business's owner is learnt, for who may watch its bookings (see event-access.ts). */
  lookUpBusinessOwner: BusinessOwnerLookup;
  /**
   * How often a connection's user is checked again (suspension, logoutAll).
   * @default 30000
   */
  recheckMs?: number;
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

/**
 * graphql-ws (`graphql-transport-ws`) on the router's path. The token in `connection_init`
 * is verified like the HTTP header; a bad one closes with 4401, a suspended account with
 * 4403, and so does the token running out or the account being suspended later.
 */
export function attachSubscriptionServer(options: SubscriptionServerOptions): { close(): Promise<void> } {
  const wss = new WebSocketServer({ server: options.httpServer, path: options.path ?? "/graphql", maxPayload: MAX_MESSAGE_BYTES });
  const states = new WeakMap<object, ConnectionState>();
  const plans = new WeakMap<DocumentNode, { planned: PlannedSubscription; filter: Filter }>();

  /** Parses, validates and authorises one subscribe message: execution arguments, or the errors to answer. */
  async function prepareSubscription(state: ConnectionState, payload: SubscribePayload): Promise<ExecutionArgs | readonly GraphQLError[]> {
    const context: RouterContext = { viewer: state.viewer, clientIp: state.clientIp };
    if (exceedsTokens(payload.query, DEFAULT_QUERY_LIMITS.maxTokens)) {
      return [new AppError("QUERY_TOO_COMPLEX", `The document has more than ${DEFAULT_QUERY_LIMITS.maxTokens} tokens`)];
    }
    let document: DocumentNode;
    try {
      document = parse(payload.query);
    } catch (error) {
      return [badInput((error as Error).message)];
    }
    const invalid = validate(options.executor.apiSchema, document, [...specifiedRules, ...queryLimitRules()]);
    if (invalid.length > 0) return invalid.map((error) => (error instanceof AppError ? error : badInput(error.message)));
    const operation = document.definitions.find(
      (definition): definition is OperationDefinitionNode =>
        definition.kind === Kind.OPERATION_DEFINITION && (!payload.operationName || definition.name?.value === payload.operationName),
    );
    if (operation?.operation !== "subscription") return [badInput("Only subscriptions run over WebSocket; send queries and mutations over HTTP")];
    const variables = (payload.variables ?? {}) as Record<string, unknown>;
    const filter = await authorize(operation, variables, context, options);
    if (filter instanceof GraphQLError) return [filter];
    plans.set(document, { planned: options.executor.plan(document, payload.operationName ?? undefined), filter });
    return { schema: options.executor.apiSchema, document, variableValues: variables, operationName: payload.operationName ?? undefined, contextValue: context };
  }

  const server = useServer<Record<string, unknown>, { socket: WebSocket; request: http.IncomingMessage }>(
    {
      schema: options.executor.apiSchema,
      onConnect: async (ctx) => {
        const authorization = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
        try {
          const viewer = await options.authenticator.authenticate(typeof authorization === "string" ? authorization : undefined);
          // The client may have gone while its token was checked: then there is nothing to watch.
          if (ctx.extra.socket.readyState !== WebSocket.OPEN) return false;
          states.set(ctx.extra.socket, { viewer, clientIp: ctx.extra.request.socket.remoteAddress ?? null, subscriptions: 0 });
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
        const accepted = await prepareSubscription(state, payload);
        if (Array.isArray(accepted)) state.subscriptions -= 1;
        return accepted;
      },
      onComplete: (ctx) => {
        const state = states.get(ctx.extra.socket);
        if (state) state.subscriptions = Math.max(0, state.subscriptions - 1);
      },
      subscribe: (args) => {
        const entry = plans.get(args.document)!;
        return eventResults(options, entry.planned, entry.filter, (args.variableValues ?? {}) as Record<string, unknown>, args.contextValue as RouterContext);
      },
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

function badInput(message: string): GraphQLError {
  return new AppError("BAD_USER_INPUT", message);
}

/** Who may subscribe to what; returns which events the subscription receives. */
async function authorize(operation: OperationDefinitionNode, variables: Record<string, unknown>, context: RouterContext, options: SubscriptionServerOptions): Promise<Filter | GraphQLError> {
  const field = operation.selectionSet.selections.find((selection): selection is FieldNode => selection.kind === Kind.FIELD);
  if (!context.viewer) return new AppError("UNAUTHENTICATED", "Sign in to watch bookings");
  const viewer = context.viewer;
  if (field?.name.value === "myBookingEvents") return (change) => isOwnEvent(change, viewer);
  const argument = field?.arguments?.find((arg) => arg.name.value === "businessId")?.value;
  const businessId = argument?.kind === Kind.VARIABLE ? variables[argument.name.value] : argument?.kind === Kind.STRING ? argument.value : undefined;
  if (typeof businessId !== "string") return badInput("businessId is required");
  return canWatchBusinessEvents(businessId, viewer, context, options.lookUpBusinessOwner);
}

/**
 * The events of one subscription, resolved in order, for graphql-ws. Written as an iterator
 * rather than an async generator: a generator waiting for its next event cannot run its
 * `finally` when the client leaves, and its listener would stay on the stream for good.
 */
function eventResults(
  options: SubscriptionServerOptions,
  planned: PlannedSubscription,
  filter: Filter,
  variables: Record<string, unknown>,
  context: RouterContext,
): AsyncIterableIterator<ExecutionResult> {
  const pending: BookingChange[] = [];
  let wake: (() => void) | null = null;
  let done = false;
  const listener = (change: BookingChange) => {
    if (!filter(change)) return;
    pending.push(change);
    wake?.();
  };
  options.events.on("change", listener);
  const finish = async (): Promise<IteratorResult<ExecutionResult>> => {
    done = true;
    options.events.off("change", listener);
    wake?.();
    return { done: true, value: undefined };
  };
  const iterator: AsyncIterableIterator<ExecutionResult> = {
    [Symbol.asyncIterator]: () => iterator,
    async next() {
      while (!done) {
        const change = pending.shift();
        if (!change) {
          await new Promise<void>((resolve) => (wake = resolve));
          wake = null;
          continue;
        }
        try {
          // A suspended or signed-out viewer gets nothing more (the status is cached for seconds);
          // the periodic recheck closes the socket itself.
          if (context.viewer && !(await mayStillAct(options.authenticator, context.viewer as AuthenticatedViewer))) continue;
          const result = await options.executor.resolve(planned, change, variables, context);
          if (result && !done) return { done: false, value: result };
        } catch (error) {
          console.error("subscription event failed:", error);
          if (!done) return { done: false, value: { errors: [new AppError("SERVICE_UNAVAILABLE", "This event could not be resolved")] } };
        }
      }
      return { done: true, value: undefined };
    },
    return: finish,
    throw: finish,
  };
  return iterator;
}

async function mayStillAct(authenticator: Authenticator, viewer: AuthenticatedViewer): Promise<boolean> {
  if (viewer.expiresAt <= Date.now()) return false;
  try {
    await authenticator.recheck(viewer);
    return true;
  } catch (error) {
    return (error as AppError).extensions?.code === "SERVICE_UNAVAILABLE";
  }
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
