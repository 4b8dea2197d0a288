import { AppError, formatError } from "@booking/common";
import { GraphQLError, type GraphQLFormattedError } from "graphql";

const TRANSPORT_FAILURE = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|fetch failed|aborted due to timeout|operation was aborted|socket hang up/i;

/**
 * The router's formatError: contract codes for what the gateway reports in its own terms.
 * When a subgraph cannot be reached (refused, timed out), the
 * gateway fails the fields that needed it with a transport message; clients get
 * SERVICE_UNAVAILABLE for those while the rest of the response still resolves. Everything
 * else goes through the shared formatter.
 */
export function routerFormatError(production: boolean) {
  const shared = formatError(production);
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    // A document the schema rejects (missing required argument, unknown field, wrong
    // literal) or a request Apollo cannot read (a mutation over GET, a batch) is bad input
    // to clients; the precise reason stays in `reason`.
    // Our own validation rules (query limits) carry their code on the original error.
    const original = error instanceof GraphQLError ? error.originalError : undefined;
    if (code === "GRAPHQL_VALIDATION_FAILED" && original instanceof AppError) {
      return { ...formatted, extensions: { ...formatted.extensions, code: original.code } };
    }
    if (code === "GRAPHQL_VALIDATION_FAILED" || code === "GRAPHQL_PARSE_FAILED" || code === "BAD_REQUEST") {
      return shared({ ...formatted, extensions: { ...formatted.extensions, code: "BAD_USER_INPUT", reason: code } }, error);
    }
    const unreachable = (code === undefined || code === "INTERNAL_SERVER_ERROR") && TRANSPORT_FAILURE.test(formatted.message);
    if (!unreachable) return shared(formatted, error);
    const service = formatted.extensions?.serviceName;
    return {
      message: `The ${typeof service === "string" ? service : "required"} service is unavailable; try again shortly`,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: "SERVICE_UNAVAILABLE", ...(typeof service === "string" ? { serviceName: service } : {}) },
    };
  };
}
