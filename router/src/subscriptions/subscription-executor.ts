import { buildOperationContext, executeQueryPlan, type GraphQLDataSource, type ServiceMap } from "@apollo/gateway";
import { Supergraph, operationFromDocument, type Schema } from "@apollo/federation-internals";
import { QueryPlanner, type FetchNode, type PlanNode, type QueryPlan } from "@apollo/query-planner";
import { sendSignedRequest } from "@booking/common";
import {
  Kind,
  parse,
  print,
  visit,
  type DocumentNode,
  type ExecutionResult,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import type { RouterContext } from "../context.js";
import { InFlight, viewerKey } from "../in-flight.js";
import type { BookingChange } from "./booking-event-stream.js";

/** A planned subscription: the fetch that would open it, and what resolves the rest of each event. */
export interface PlannedSubscription {
  document: DocumentNode;
  /** The document printed: with the operation name, what makes two subscriptions the same. */
  source: string;
  operationName: string | undefined;
  primary: FetchNode;
  rest: PlanNode | undefined;
}

/** Plans kept for documents subscribed to again (each is the same for every subscriber). */
const PLANS_KEPT = 500;


/**
 * Runs federated subscriptions per event. The gateway plans a subscription as a primary
 * fetch (to bookings) plus the rest of the plan, but will not execute it. Here each event
 * answers the primary fetch itself: the event's own fields come from the event, the
 * booking's bookings-owned fields from an `_entities` fetch made as the subscriber (so
 * bookings' visibility rules decide), and `executeQueryPlan` runs the rest as for a query.
 */
export class SubscriptionExecutor {
  readonly apiSchema: GraphQLSchema;
  private readonly federationApiSchema: Schema;
  private readonly supergraphSchema: GraphQLSchema;
  private readonly planner: QueryPlanner;
  private readonly plans = new Map<string, PlannedSubscription>();
  // Subscribers with the same document, variables and viewer get the same answer to an event:
  // it is made once, while they all wait for it (the event reaches every listener at once).
  private readonly answers = new InFlight<ExecutionResult | null>();

  constructor(
    supergraphSdl: string,
    private readonly serviceMap: ServiceMap,
    private readonly options: { bookingsUrl: string; internalSecret: string; timeoutMs: number },
  ) {
    const supergraph = Supergraph.build(supergraphSdl);
    this.federationApiSchema = supergraph.apiSchema();
    this.apiSchema = this.federationApiSchema.toGraphQLJSSchema();
    this.supergraphSchema = supergraph.schema.toGraphQLJSSchema();
    this.planner = new QueryPlanner(supergraph);
  }

  plan(document: DocumentNode, operationName: string | undefined): PlannedSubscription {
    const source = print(document);
    const key = `${operationName ?? ""}\n${source}`;
    const known = this.plans.get(key);
    if (known) return known;
    const operation = operationFromDocument(this.federationApiSchema, document, { operationName });
    const plan = this.planner.buildQueryPlan(operation);
    if (plan.node?.kind !== "Subscription") throw new Error("not a subscription");
    const planned = { document, source, operationName, primary: plan.node.primary, rest: plan.node.rest };
    if (this.plans.size >= PLANS_KEPT) this.plans.delete(this.plans.keys().next().value!);
    this.plans.set(key, planned);
    return planned;
  }

  /** The client's result for one event, or null when the subscriber may not see it. */
  resolve(planned: PlannedSubscription, change: BookingChange, variables: Record<string, unknown>, context: RouterContext): Promise<ExecutionResult | null> {
    const key = [change.id, viewerKey(context.viewer), planned.operationName ?? "", planned.source, JSON.stringify(variables)].join("\n");
    return this.answers.share(key, () => this.resolveOnce(planned, change, variables, context));
  }

  private async resolveOnce(planned: PlannedSubscription, change: BookingChange, variables: Record<string, unknown>, context: RouterContext): Promise<ExecutionResult | null> {
    const primaryData = await this.answerPrimary(planned.primary, change, variables, context);
    if (!primaryData) return null;
    const eventSource: GraphQLDataSource = { process: async () => ({ data: primaryData }) };
    const fetch: FetchNode = { ...planned.primary, serviceName: "__event", operationKind: "query" as FetchNode["operationKind"] };
    const plan: QueryPlan = { kind: "QueryPlan", node: planned.rest ? { kind: "Sequence", nodes: [fetch, planned.rest] } : fetch };
    const requestContext = {
      request: { query: planned.source, variables, operationName: planned.operationName },
      document: planned.document,
      operationName: planned.operationName ?? null,
      context,
      logger: console,
      metrics: {},
      cache: undefined,
      overallCachePolicy: undefined,
    } as unknown as Parameters<typeof executeQueryPlan>[2];
    const operationContext = buildOperationContext({ schema: this.apiSchema, operationDocument: planned.document, operationName: planned.operationName });
    const result = await executeQueryPlan(plan, { ...this.serviceMap, __event: eventSource }, requestContext, operationContext, this.supergraphSchema, this.federationApiSchema);
    return { data: result.data ?? null, ...(result.errors?.length ? { errors: result.errors } : {}) } as ExecutionResult;
  }

  /** Builds the primary fetch's answer: event fields from the event, booking fields from bookings. */
  private async answerPrimary(primary: FetchNode, change: BookingChange, variables: Record<string, unknown>, context: RouterContext) {
    const document = parse(primary.operation);
    const operation = document.definitions.find((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION)!;
    const fragments = Object.fromEntries(
      document.definitions.filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION).map((fragment) => [fragment.name.value, fragment]),
    );
    const root = operation.selectionSet.selections.find((selection): selection is FieldNode => selection.kind === Kind.FIELD)!;
    const event: Record<string, unknown> = {};
    for (const field of fieldsOf(root.selectionSet!, fragments)) {
      const key = field.alias?.value ?? field.name.value;
      if (field.name.value === "__typename") event[key] = "BookingEvent";
      else if (field.name.value === "type") event[key] = change.type;
      else if (field.name.value === "at") event[key] = change.at;
      else if (field.name.value === "booking") {
        const booking = await this.fetchBooking(change.bookingId, field.selectionSet!, fragments, operation, variables, context);
        if (!booking) return null;
        event[key] = booking;
      }
    }
    return { [root.alias?.value ?? root.name.value]: event };
  }

  private async fetchBooking(
    bookingId: string,
    selectionSet: SelectionSetNode,
    fragments: Record<string, FragmentDefinitionNode>,
    operation: OperationDefinitionNode,
    variables: Record<string, unknown>,
    context: RouterContext,
  ): Promise<Record<string, unknown> | null> {
    const usedFragments = new Set<string>();
    const usedVariables = new Set<string>();
    const collect = (node: SelectionSetNode | FragmentDefinitionNode) =>
      visit(node, {
        FragmentSpread(spread) {
          if (!usedFragments.has(spread.name.value)) {
            usedFragments.add(spread.name.value);
            collect(fragments[spread.name.value]!);
          }
        },
        Variable(variable) {
          usedVariables.add(variable.name.value);
        },
      });
    collect(selectionSet);
    const definitions = (operation.variableDefinitions ?? []).filter((definition) => usedVariables.has(definition.variable.name.value));
    const query = [
      `query(${["$representations: [_Any!]!", ...definitions.map(print)].join(", ")}) { _entities(representations: $representations) { ... on Booking ${print(selectionSet)} } }`,
      ...[...usedFragments].map((name) => print(fragments[name]!)),
    ].join("\n");
    const response = await sendSignedRequest(this.options.bookingsUrl, {
      audience: "bookings",
      internalSecret: this.options.internalSecret,
      caller: { viewer: context.viewer, clientIp: context.clientIp },
      body: {
        query,
        variables: { representations: [{ __typename: "Booking", id: bookingId }], ...Object.fromEntries([...usedVariables].map((name) => [name, variables[name]])) },
      },
      timeoutMs: this.options.timeoutMs,
    });
    const result = (await response.json()) as { data?: { _entities?: (Record<string, unknown> | null)[] } };
    return result.data?._entities?.[0] ?? null;
  }
}

/** The fields of a selection set, fragments flattened (events and bookings have no subtypes). */
function fieldsOf(selectionSet: SelectionSetNode, fragments: Record<string, FragmentDefinitionNode>): FieldNode[] {
  return selectionSet.selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD) return [selection];
    if (selection.kind === Kind.INLINE_FRAGMENT) return fieldsOf(selection.selectionSet, fragments);
    const fragment = fragments[selection.name.value];
    return fragment ? fieldsOf(fragment.selectionSet, fragments) : [];
  });
}

