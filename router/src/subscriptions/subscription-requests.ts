import { AppError } from "@booking/common";
import { GraphQLError, Kind, parse, specifiedRules, validate, type DocumentNode, type ExecutionArgs, type ExecutionResult, type FieldNode, type OperationDefinitionNode } from "graphql";
import type { AuthenticatedViewer, Authenticator } from "../authentication.js";
import type { RouterContext } from "../context.js";
import { DEFAULT_QUERY_LIMITS, exceedsTokens, queryLimitRules } from "../query-limits.js";
import type { TrustedDocuments } from "../trusted-documents/trusted-documents.js";
import type { BookingChange, BookingEventStream } from "./booking-event-stream.js";
import { canWatchBusinessEvents, isOwnEvent, type BusinessOwnerLookup, type EventFilter as Filter } from "./event-access.js";
import type { PlannedSubscription, SubscriptionExecutor } from "./subscription-executor.js";

/**
 * Subscriptions without a transport: what one subscribe request may run (trusted documents,
 * limits, validation, who may watch what) and the stream of its results. The graphql-ws
 * (`websocket.ts`) and graphql-sse (`sse.ts`) bindings only add connections and auth headers.
 */
export interface SubscriptionRequestsOptions {
  authenticator: Authenticator;
  executor: SubscriptionExecutor;
  events: BookingEventStream;
  /** How a business's owner is learnt, for who may watch its bookings (see event-access.ts). */
  lookUpBusinessOwner: BusinessOwnerLookup;
  /** Which documents may run (the same rule as HTTP). */
  trustedDocuments: TrustedDocuments;
}

/** A subscribe request as graphql-ws and graphql-sse carry it. */
export interface SubscribeRequest {
  query?: unknown;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
  extensions?: unknown;
}

export interface SubscriptionRequests {
  /** Parses, validates and authorises one request: execution arguments, or the errors to answer. */
  prepare(request: SubscribeRequest, context: RouterContext): Promise<ExecutionArgs | readonly GraphQLError[]>;
  /** The results of a prepared subscription, one per event its viewer may see. */
  subscribe(args: ExecutionArgs): AsyncIterableIterator<ExecutionResult>;
}

export function subscriptionRequests(options: SubscriptionRequestsOptions): SubscriptionRequests {
  const plans = new WeakMap<DocumentNode, { planned: PlannedSubscription; filter: Filter }>();

  async function prepare(payload: SubscribeRequest, context: RouterContext): Promise<ExecutionArgs | readonly GraphQLError[]> {
    const decision = options.trustedDocuments.decide(payload);
    if ("error" in decision) return [decision.error];
    if (decision.query === undefined) return [badInput("Send a subscription document (query), or its manifest hash")];
    const query = decision.query;
    const operationName = payload.operationName ?? undefined;
    if (exceedsTokens(query, DEFAULT_QUERY_LIMITS.maxTokens)) {
      return [new AppError("QUERY_TOO_COMPLEX", `The document has more than ${DEFAULT_QUERY_LIMITS.maxTokens} tokens`)];
    }
    let document: DocumentNode;
    try {
      document = parse(query);
    } catch (error) {
      return [badInput((error as Error).message)];
    }
    const invalid = validate(options.executor.apiSchema, document, [...specifiedRules, ...queryLimitRules()]);
    if (invalid.length > 0) return invalid.map((error) => (error instanceof AppError ? error : badInput(error.message)));
    const operation = document.definitions.find(
      (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION && (!operationName || definition.name?.value === operationName),
    );
    if (operation?.operation !== "subscription") return [badInput("Only subscriptions run here; send queries and mutations as plain HTTP requests")];
    const variables = (payload.variables ?? {}) as Record<string, unknown>;
    const filter = await authorize(operation, variables, context, options);
    if (filter instanceof GraphQLError) return [filter];
    plans.set(document, { planned: options.executor.plan(document, operationName), filter });
    return { schema: options.executor.apiSchema, document, variableValues: variables, operationName, contextValue: context };
  }

  return {
    prepare,
    subscribe(args) {
      const entry = plans.get(args.document);
      if (!entry) throw new Error("subscribe() takes only arguments prepare() returned");
      return eventResults(options, entry.planned, entry.filter, (args.variableValues ?? {}) as Record<string, unknown>, args.contextValue as RouterContext);
    },
  };
}

function badInput(message: string): GraphQLError {
  return new AppError("BAD_USER_INPUT", message);
}

/** Who may subscribe to what; returns which events the subscription receives. */
async function authorize(operation: OperationDefinitionNode, variables: Record<string, unknown>, context: RouterContext, options: SubscriptionRequestsOptions): Promise<Filter | GraphQLError> {
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
  options: SubscriptionRequestsOptions,
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
