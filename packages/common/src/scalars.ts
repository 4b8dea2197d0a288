import { Decimal } from "decimal.js";
import { GraphQLScalarType, Kind, type ValueNode } from "graphql";
import { GraphQLJSONObject } from "graphql-scalars";
import { DateTime as LuxonDateTime } from "luxon";
import { AppError } from "./errors.js";

// An offset (Z or ±hh:mm) is required: a bare local time would be ambiguous.
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

function parseDateTime(value: unknown): Date {
  if (typeof value !== "string" || !ISO_WITH_OFFSET.test(value)) {
    throw new AppError("BAD_USER_INPUT", "DateTime must be an ISO-8601 string with an offset, e.g. 2026-12-01T09:00:00Z");
  }
  const parsed = LuxonDateTime.fromISO(value, { setZone: true });
  if (!parsed.isValid) throw new AppError("BAD_USER_INPUT", `Invalid DateTime: ${parsed.invalidExplanation ?? value}`);
  return parsed.toJSDate();
}

export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: "DateTime",
  description: "ISO-8601 date-time with offset, e.g. 2026-12-01T09:00:00.000Z.",
  serialize(value) {
    const date = value instanceof Date ? value : new Date(String(value));
    if (Number.isNaN(date.getTime())) throw new TypeError(`DateTime cannot represent ${String(value)}`);
    return date.toISOString();
  },
  parseValue: parseDateTime,
  parseLiteral(ast: ValueNode) {
    return parseDateTime(ast.kind === Kind.STRING ? ast.value : undefined);
  },
});

const DECIMAL_TEXT = /^-?\d{1,15}(\.\d{1,12})?$/;

function parseDecimal(value: unknown): Decimal {
  const text = typeof value === "number" && Number.isInteger(value) ? String(value) : value;
  if (typeof text !== "string" || !DECIMAL_TEXT.test(text)) {
    throw new AppError("BAD_USER_INPUT", 'Decimal must be a string such as "150.00"');
  }
  return new Decimal(text);
}

export const DecimalScalar = new GraphQLScalarType<Decimal, string>({
  name: "Decimal",
  description: 'Exact decimal number carried as a string, e.g. "150.00". Never a float.',
  serialize(value) {
    // A canonical decimal string is served as is: "150.50" keeps the currency's two decimals.
    if (typeof value === "string" && DECIMAL_TEXT.test(value)) return value;
    if (value instanceof Decimal) return value.toFixed();
    if (typeof value === "string" || typeof value === "number") return new Decimal(value).toFixed();
    // Prisma's Decimal is a decimal.js instance from another copy of the library.
    if (value && typeof (value as { toFixed?: unknown }).toFixed === "function") return (value as Decimal).toFixed();
    throw new TypeError(`Decimal cannot represent ${String(value)}`);
  },
  parseValue: parseDecimal,
  parseLiteral(ast: ValueNode) {
    if (ast.kind === Kind.STRING || ast.kind === Kind.INT) return parseDecimal(ast.kind === Kind.INT ? Number(ast.value) : ast.value);
    return parseDecimal(undefined);
  },
});

export const JSONScalar = new GraphQLScalarType({
  ...GraphQLJSONObject.toConfig(),
  name: "JSON",
  description: "Arbitrary JSON object.",
});
