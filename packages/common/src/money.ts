import { Decimal } from "decimal.js";
import { Directive, Field, ObjectType } from "type-graphql";
import { DecimalScalar } from "./scalars.js";

/** ISO 4217 currencies and their minor units; amounts are rounded to these, never floats. */
const MINOR_UNITS: Record<string, number> = { JPY: 0, KRW: 0, VND: 0, CLP: 0, ISK: 0, UGX: 0, XAF: 0, XOF: 0, BHD: 3, JOD: 3, KWD: 3, OMR: 3, TND: 3 };

export function minorUnits(currency: string): number {
  return MINOR_UNITS[currency] ?? 2;
}

@ObjectType({ description: "An exact amount in a currency." })
@Directive("@shareable")
export class Money {
  @Field(() => DecimalScalar, { description: "exact, with the currency's minor-unit decimals (2 for EUR and USD, 0 for JPY)" })
  amount!: string;

  @Field(() => String, { description: "ISO 4217 code, e.g. USD" })
  currency!: string;
}

/** Money as the API shows it: the amount with the currency's decimals, as a string. */
export function money(amount: Decimal.Value | { toString(): string }, currency: string): Money {
  return { amount: new Decimal(amount.toString()).toFixed(minorUnits(currency)), currency };
}
