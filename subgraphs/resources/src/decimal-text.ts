import { GraphQLScalarType, type GraphQLSchema } from "graphql";

const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;

/**
 * Workaround until @booking/common's DecimalScalar keeps a string's trailing zeros: it
 * re-parses the "150.50" that `money()` formats and serves "150.5", against the contract's
 * "2 decimals for the currency". Here a string already in decimal form is served as it is.
 * Delete this file once the shared scalar does that itself.
 */
export function serveDecimalTextAsIs(schema: GraphQLSchema): GraphQLSchema {
  const decimal = schema.getType("Decimal");
  if (decimal instanceof GraphQLScalarType) {
    const serialize = decimal.serialize.bind(decimal);
    decimal.serialize = (value: unknown) => (typeof value === "string" && DECIMAL_TEXT.test(value) ? value : serialize(value));
  }
  return schema;
}
