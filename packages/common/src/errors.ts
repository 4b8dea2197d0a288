import { GraphQLError, type GraphQLFormattedError } from "graphql";

/**
 * Every error code a client can see, declared once with its meaning (the contract's table).
 * Services throw `AppError`s carrying one of these; nothing matches on messages.
 */
export const ERROR_CODES = {
  UNAUTHENTICATED: "no token, bad signature, expired, revoked user",
  FORBIDDEN: "authenticated but not allowed (wrong role, another tenant's data)",
  NOT_FOUND: "no such object, or one the caller may not know exists",
  BAD_USER_INPUT: "invalid argument; extensions.field names the input field to blame",
  EMAIL_TAKEN: "register with a used email",
  USERNAME_TAKEN: "register with a used username",
  INVALID_CREDENTIALS: "wrong login or password (same answer for unknown login)",
  EMAIL_NOT_VERIFIED: "login before verifyEmail",
  ACCOUNT_SUSPENDED: "login or token use by a SUSPENDED or DELETED user",
  INVALID_CODE: "one-time code wrong, expired, already used, or superseded",
  TOO_MANY_ATTEMPTS: "5 wrong codes for one code: it is dead",
  INVALID_TOKEN: "refresh token unknown, expired, revoked, or reused",
  BUSINESS_ALREADY_EXISTS: "a vendor's second createBusiness",
  CATEGORY_ALREADY_EXISTS: "duplicate category name in one business",
  BUSINESS_NOT_ACTIVE: "booking a resource whose business is not ACTIVE",
  RESOURCE_NOT_BOOKABLE: "booking a resource that is not ACTIVE",
  SLOT_UNAVAILABLE: "not enough free units in the requested range",
  HOLD_LIMIT_REACHED: "the customer already has MAX_HOLDS_PER_CUSTOMER live HOLDs (waitlist offers count)",
  INVALID_STATE: "a transition the booking or payment state machine forbids",
  HOLD_EXPIRED: "paying for a booking whose hold ran out",
  IDEMPOTENCY_KEY_REUSED: "same idempotency key, different input",
  REFUND_EXCEEDS_PAYMENT: "refund larger than what remains refundable",
  RATE_LIMITED: "too many requests; extensions.retryAfter in seconds",
  QUERY_TOO_COMPLEX: "depth, alias, token or cost limit exceeded",
  SERVICE_UNAVAILABLE: "a subgraph the operation needs is down",
  OPERATION_NOT_ALLOWED: "TRUSTED_DOCUMENTS=enforce and the document is not in the operation manifest",
  PERSISTED_QUERY_NOT_FOUND: "a hash alone that names no operation of the manifest: send the full text",
  NOT_IMPLEMENTED: "the operation is declared by the contract but not built yet",
  INTERNAL_SERVER_ERROR: "an unexpected failure; details are in the server log",
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** A failure the client is meant to see, with a stable `extensions.code`. */
export class AppError extends GraphQLError {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
    this.code = code;
  }
}

export function notFound(what: string): AppError {
  return new AppError("NOT_FOUND", `${what} not found`);
}

export function badInput(field: string, message: string): AppError {
  return new AppError("BAD_USER_INPUT", message, { field });
}

export function forbidden(message = "You are not allowed to do this"): AppError {
  return new AppError("FORBIDDEN", message);
}

export function unauthenticated(message = "Sign in first"): AppError {
  return new AppError("UNAUTHENTICATED", message);
}

export function notImplemented(what: string): AppError {
  return new AppError("NOT_IMPLEMENTED", `${what} is not available yet`);
}

/** Codes Apollo Server gives a request it cannot run; they reach clients unchanged. */
export const REQUEST_ERROR_CODES = {
  GRAPHQL_PARSE_FAILED: "the document is not valid GraphQL syntax",
  GRAPHQL_VALIDATION_FAILED: "the document does not validate against the API schema",
  BAD_REQUEST: "the HTTP request is not a GraphQL request",
  PERSISTED_QUERY_NOT_SUPPORTED: "this server takes no automatic persisted queries",
  OPERATION_RESOLUTION_FAILURE: "operationName names no operation of the document",
} as const;

const PASSED_THROUGH = new Set<string>([...Object.keys(ERROR_CODES), ...Object.keys(REQUEST_ERROR_CODES)]);

/**
 * Apollo's formatError: coded errors pass; anything else becomes INTERNAL_SERVER_ERROR
 * and, in production, loses its message and stack.
 */
export function formatError(production: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    if (typeof code === "string" && PASSED_THROUGH.has(code) && code !== "INTERNAL_SERVER_ERROR") {
      if (!production) return formatted;
      const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    logUnexpected(error);
    return {
      message: production ? "Internal server error" : formatted.message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: "INTERNAL_SERVER_ERROR" },
    };
  };
}

function logUnexpected(error: unknown): void {
  const original = error instanceof GraphQLError && error.originalError ? error.originalError : error;
  console.error("unexpected error:", original);
}
