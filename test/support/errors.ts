/** What a test reads of an error: its `extensions.code`, `extensions.field` and `extensions.retryAfter`. */
export interface Failure {
  code?: string;
  field?: string;
  retryAfter?: number;
}

/** One GraphQL error as any transport hands it to a test. */
interface CodedError {
  extensions?: Record<string, unknown>;
}

/** Anything that carries GraphQL errors: an HTTP response body, a subscription or SSE result. */
export interface WithErrors {
  errors?: readonly CodedError[] | null;
}

function failureIn(error: CodedError | undefined): Failure | undefined {
  if (!error) return undefined;
  const { code, field, retryAfter } = error.extensions ?? {};
  return { code: code as string | undefined, field: field as string | undefined, retryAfter: retryAfter as number | undefined };
}

/** The first error's code and field, or undefined when the operation succeeded (or no result came). */
export function failureOf(result: WithErrors | null | undefined): Failure | undefined {
  return failureIn(result?.errors?.[0]);
}

/** The first error's code, or undefined when the operation succeeded (or no result came). */
export function codeOf(result: WithErrors | null | undefined): string | undefined {
  return failureOf(result)?.code;
}

/** Every error's code, in order; empty when the operation succeeded. */
export function codesOf(result: WithErrors | null | undefined): (string | undefined)[] {
  return (result?.errors ?? []).map((error) => failureIn(error)?.code);
}

/** The code a graphql-ws subscription ended with (`collect`'s `error`: the errors the server sent), if any. */
export function subscriptionCodeOf(subscription: { error: unknown }): string | undefined {
  return Array.isArray(subscription.error) ? codeOf({ errors: subscription.error as CodedError[] }) : undefined;
}

/** The code and field of what `run` throws (an AppError); fails the test when it does not throw. */
export function thrownFailureOf(run: () => unknown): Failure {
  try {
    run();
  } catch (error) {
    return failureIn(error as CodedError) ?? {};
  }
  throw new Error("expected a failure");
}
