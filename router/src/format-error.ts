import { AppError, formatError } from "@booking/common";
import { GraphQLError, type GraphQLFormattedError } from "graphql";

/**
 * The router's formatError: contract codes for what the gateway reports in its own terms.
 * (A subgraph that cannot be reached or refuses the router already answers
 * SERVICE_UNAVAILABLE through SignedDataSource.) Everything else goes through the shared
 * formatter.
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
    return shared(formatted, error);
  };
}
