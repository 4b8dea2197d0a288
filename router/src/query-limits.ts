import { AppError } from "@booking/common";
import { AVAILABILITY_LIMITS } from "@booking/contracts";
import { maxAliasesRule } from "@escape.tech/graphql-armor-max-aliases";
import { maxDepthRule } from "@escape.tech/graphql-armor-max-depth";
import { maxDirectivesRule } from "@escape.tech/graphql-armor-max-directives";
import type { RequestHandler } from "express";
import {
  GraphQLError,
  Kind,
  Lexer,
  Source,
  TokenKind,
  type ArgumentNode,
  type ASTVisitor,
  type DefinitionNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from "graphql";

export interface QueryLimits {
  /** @default 12 */
  maxDepth: number;
  /** @default 15 */
  maxAliases: number;
  /** @default 50 */
  maxDirectives: number;
  /**
   * Fields the answer may hold at most: every field counts once per item of the lists above
   * it, a list being as long as its `first` (100 when `first` is a variable, 20 by default).
   * @default 50000
   */
  maxCost: number;
  /** @default 3000 */
  maxTokens: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = { maxDepth: 12, maxAliases: 15, maxDirectives: 50, maxCost: 50_000, maxTokens: 3000 };

/** Rejections say QUERY_TOO_COMPLEX (the router's formatError keeps this code over Apollo's). */
function tooComplex(context: ValidationContext | null, error: GraphQLError): void {
  context?.reportError(new AppError("QUERY_TOO_COMPLEX", error.message.replace(/^Syntax Error: /, "")));
}

const reject = { propagateOnRejection: false, onReject: [tooComplex], exposeLimits: true };

/** Validation rules for depth, aliases and directives (graphql-armor) and list-aware cost. */
export function queryLimitRules(limits: QueryLimits = DEFAULT_QUERY_LIMITS): ValidationRule[] {
  return [
    ...([
      maxDepthRule({ n: limits.maxDepth, ...reject }),
      maxAliasesRule({ n: limits.maxAliases, ...reject }),
      maxDirectivesRule({ n: limits.maxDirectives, ...reject }),
    ] as unknown as ValidationRule[]),
    listCostRule(limits.maxCost),
  ];
}

const DEFAULT_PAGE = 20;
const LARGEST_PAGE = 100;
/**
 * `Resource.availability(from, to)` is a list without `first`: it counts one window per hour of
 * its range (literal `from` and `to`), or of the longest range bookings accepts (62 days) when
 * they are variables. Bookings answers at most this many windows for one field (shorter SLOT
 * grids beyond it fail with BAD_USER_INPUT), so the estimate is an upper bound.
 */
const AVAILABILITY_FIELD = "availability";
const MAX_AVAILABILITY_WINDOWS = AVAILABILITY_LIMITS.maxWindows;
const HOUR_MS = 3_600_000;

/**
 * How many fields an operation's answer can hold: what a structural cost misses on a
 * connection-shaped API is that `first: 100` under `first: 100` is ten thousand rows.
 */
export function listCostRule(maxCost: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(operation) {
      const total = listCost(operation.selectionSet, context.getDocument().definitions, maxCost);
      if (total > maxCost) {
        tooComplex(context, new GraphQLError(`The answer could hold ${total} fields, more than the ${maxCost} allowed: ask for fewer items per list or fewer nested lists`));
      }
    },
  });
}

/** The fields an answer to this selection can hold, counting stops a little past `stopAbove`. */
export function listCost(selectionSet: SelectionSetNode, definitions: readonly DefinitionNode[], stopAbove = Number.POSITIVE_INFINITY): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const cost = (selections: SelectionSetNode, multiplier: number, visiting: Set<string>): number => {
    let total = 0;
    for (const selection of selections.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) total += cost(selection.selectionSet, multiplier, visiting);
      else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (fragment && !visiting.has(fragment.name.value)) total += cost(fragment.selectionSet, multiplier, new Set([...visiting, fragment.name.value]));
      } else if (!selection.name.value.startsWith("__")) {
        total += multiplier;
        if (selection.selectionSet) {
          const first = selection.arguments?.find((argument) => argument.name.value === "first")?.value;
          const length =
            selection.name.value === AVAILABILITY_FIELD
              ? availabilityWindows(selection.arguments ?? [])
              : first?.kind === Kind.INT
                ? Number(first.value)
                : first?.kind === Kind.VARIABLE
                  ? LARGEST_PAGE
                  : isConnection(selection.selectionSet)
                    ? DEFAULT_PAGE
                    : 1;
          total += cost(selection.selectionSet, multiplier * Math.max(1, length), visiting);
        }
      }
      if (total > stopAbove) return total;
    }
    return total;
  };
  return cost(selectionSet, 1, new Set());
}

/** How many windows an availability field may answer: one per hour of a literal range, else the most. */
function availabilityWindows(args: readonly ArgumentNode[]): number {
  const instant = (name: string) => {
    const value = args.find((argument) => argument.name.value === name)?.value;
    return value?.kind === Kind.STRING ? Date.parse(value.value) : Number.NaN;
  };
  const hours = Math.ceil((instant("to") - instant("from")) / HOUR_MS);
  return Number.isFinite(hours) ? Math.min(MAX_AVAILABILITY_WINDOWS, Math.max(1, hours)) : MAX_AVAILABILITY_WINDOWS;
}

/** A connection without a `first` argument still returns its default page. */
function isConnection(selectionSet: SelectionSetNode): boolean {
  return selectionSet.selections.some((selection) => selection.kind === Kind.FIELD && selection.name.value === "edges");
}

/** True when the document has more lexical tokens than allowed (counted before parsing). */
export function exceedsTokens(query: string, maxTokens: number): boolean {
  const lexer = new Lexer(new Source(query));
  try {
    for (let count = 0; lexer.advance().kind !== TokenKind.EOF; count += 1) if (count >= maxTokens) return true;
  } catch {
    return false; // a syntax error: the parser will say so
  }
  return false;
}

/** Refuses oversized documents before the parser spends time on them. */
export function tokenLimit(maxTokens: number = DEFAULT_QUERY_LIMITS.maxTokens): RequestHandler {
  return (request, response, next) => {
    const query = request.method === "GET" ? request.query.query : (request.body as { query?: unknown } | undefined)?.query;
    if (typeof query === "string" && exceedsTokens(query, maxTokens)) {
      response.status(400).json({ errors: [{ message: `The document has more than ${maxTokens} tokens`, extensions: { code: "QUERY_TOO_COMPLEX" } }] });
      return;
    }
    next();
  };
}
