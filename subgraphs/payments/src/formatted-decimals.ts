import { GraphQLScalarType, type GraphQLSchema } from "graphql";

const FORMATTED_DECIMAL = /^-?\d+(\.\d+)?$/;

/**
 * Workaround until @booking/common's DecimalScalar keeps a string's trailing zeros: it
 * re-parses the "150.00" that `money()` formats and serves "150", against the contract's
 * "2 decimals for the currency". Strings already in decimal form are served as they are.
 */
export function keepFormattedDecimals(schema: GraphQLSchema): void {
  const decimal = schema.getType("Decimal");
  if (!(decimal instanceof GraphQLScalarType)) return;
  const serialize = decimal.serialize.bind(decimal);
  decimal.serialize = (value: unknown) => (typeof value === "string" && FORMATTED_DECIMAL.test(value) ? value : serialize(value));
}
