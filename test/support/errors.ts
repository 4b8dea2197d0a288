import type { GraphQLResult } from "./subgraph.js";

/** What a test reads of an error: its `extensions.code` and `extensions.field`. */
export interface Failure {
  code?: string;
  field?: string;
}

function failureIn(error: { extensions?: Record<string, unknown> } | undefined): Failure | undefined {
  if (!error) return undefined;
  return { code: error.extensions?.code as string | undefined, field: error.extensions?.field as string | undefined };
}

/** The first error's code and field, or undefined when the operation succeeded. */
export function failureOf(result: GraphQLResult<unknown>): Failure | undefined {
  return failureIn(result.errors?.[0]);
}

/** The first error's code, or undefined when the operation succeeded. */
export function codeOf(result: GraphQLResult<unknown>): string | undefined {
  return failureOf(result)?.code;
}

/** The code and field of what `run` throws (an AppError); fails the test when it does not throw. */
export function thrownFailureOf(run: () => unknown): Failure {
  try {
    run();
  } catch (error) {
    return failureIn(error as { extensions?: Record<string, unknown> }) ?? {};
  }
  throw new Error("expected a failure");
}
