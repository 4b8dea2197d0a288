import { AppError } from "@booking/common";
import { costLimitRule } from "@escape.tech/graphql-armor-cost-limit";
import { maxAliasesRule } from "@escape.tech/graphql-armor-max-aliases";
import { maxDepthRule } from "@escape.tech/graphql-armor-max-depth";
import { maxDirectivesRule } from "@escape.tech/graphql-armor-max-directives";
import type { RequestHandler } from "express";
import { GraphQLError, Lexer, Source, TokenKind, type ValidationContext, type ValidationRule } from "graphql";

export interface QueryLimits {
  /** @default 12 */
  maxDepth: number;
  /** @default 15 */
  maxAliases: number;
  /** @default 50 */
  maxDirectives: number;
  /** graphql-armor's structural cost (objects 2, scalars 1, x1.5 per level). @default 5000 */
  maxCost: number;
  /** @default 3000 */
  maxTokens: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = { maxDepth: 12, maxAliases: 15, maxDirectives: 50, maxCost: 5000, maxTokens: 3000 };

/** Rejections say QUERY_TOO_COMPLEX (the router's formatError keeps this code over Apollo's). */
function tooComplex(context: ValidationContext | null, error: GraphQLError): void {
  context?.reportError(new AppError("QUERY_TOO_COMPLEX", error.message.replace(/^Syntax Error: /, "")));
}

const reject = { propagateOnRejection: false, onReject: [tooComplex], exposeLimits: true };

/** Validation rules for depth, aliases, directives and cost, from graphql-armor. */
export function queryLimitRules(limits: QueryLimits = DEFAULT_QUERY_LIMITS): ValidationRule[] {
  return [
    maxDepthRule({ n: limits.maxDepth, ...reject }),
    maxAliasesRule({ n: limits.maxAliases, ...reject }),
    maxDirectivesRule({ n: limits.maxDirectives, ...reject }),
    costLimitRule({ maxCost: limits.maxCost, ...reject }),
  ] as unknown as ValidationRule[];
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
