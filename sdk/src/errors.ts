import type { GraphQLFormattedError } from "graphql";
import { ERROR_CODES } from "./generated/error-codes.js";

export { ERROR_CODES };

/**
 * Every code a failure can carry: the API's `extensions.code`s, plus NETWORK_ERROR when no
 * GraphQL answer came back (the server could not be reached, or answered something else).
 */
export type BookingErrorCode = keyof typeof ERROR_CODES | "NETWORK_ERROR";

/** A failed operation: `code` is the first error's `extensions.code`; `errors` and partial `data` are all of the answer. */
export class BookingError extends Error {
  readonly code: BookingErrorCode;
  readonly errors: readonly GraphQLFormattedError[];
  readonly data: unknown;

  constructor(errors: readonly GraphQLFormattedError[], data: unknown = null) {
    super(errors.map((error) => error.message).join("; ") || "The request failed");
    this.name = "BookingError";
    this.code = codeOf(errors[0]);
    this.errors = errors;
    this.data = data;
  }

  /** Whether any of the answer's errors carries `code` (fields fail independently). */
  has(code: BookingErrorCode): boolean {
    return this.errors.some((error) => codeOf(error) === code);
  }
}

/** Narrows an unknown thrown value: `if (isBookingError(error, "SLOT_UNAVAILABLE")) ...`. */
export function isBookingError(error: unknown, code?: BookingErrorCode): error is BookingError {
  return error instanceof BookingError && (code === undefined || error.has(code));
}

export function networkError(message: string): BookingError {
  return new BookingError([{ message, extensions: { code: "NETWORK_ERROR" } }]);
}

function codeOf(error: GraphQLFormattedError | undefined): BookingErrorCode {
  const code = error?.extensions?.code;
  // A code this SDK version does not know yet still reaches the caller, as the server sent it.
  return (typeof code === "string" ? code : "INTERNAL_SERVER_ERROR") as BookingErrorCode;
}
