import currencyCodes from "currency-codes";
import { Decimal } from "decimal.js";
import { Directive, Field, ObjectType } from "type-graphql";
import { DecimalScalar } from "./scalars.js";

/**
 * The currency's minor units (decimals) as ISO 4217 lists them, from the maintained
 * `currency-codes` package: 0 for JPY, PYG, XPF, KMF; 3 for KWD, IQD, LYD; 2 for EUR. Not
 * `Intl`, whose CLDR data differs (it gives IQD 0). A code ISO does not list counts as 2.
 */
export function minorUnits(currency: string): number {
  const digits = currencyCodes.code(currency)?.digits;
  return typeof digits === "number" && Number.isInteger(digits) ? digits : 2;
}

/** Whether ISO 4217 lists this (upper-case) code. */
export function isCurrencyCode(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && currencyCodes.code(code) !== undefined;
}

/** An amount as a string with exactly the currency's decimals (exact input; half-up when it has more). */
export function formatAmount(amount: Decimal.Value | { toString(): string }, currency: string): string {
  return new Decimal(amount.toString()).toFixed(minorUnits(currency), Decimal.ROUND_HALF_UP);
}

/** An amount rounded half-up to the currency's minor unit. */
export function roundToMinorUnit(amount: Decimal, currency: string): Decimal {
  return amount.toDecimalPlaces(minorUnits(currency), Decimal.ROUND_HALF_UP);
}

@ObjectType({ description: "An exact amount in a currency." })
@Directive("@shareable")
export class Money {
  @Field(() => DecimalScalar, { description: "exact, with the currency's minor-unit decimals (2 for EUR and USD, 0 for JPY, 3 for KWD)" })
  amount!: string;

  @Field(() => String, { description: "ISO 4217 code, e.g. USD" })
  currency!: string;
}

/** Money as the API shows it: the amount with the currency's decimals, as a string. */
export function money(amount: Decimal.Value | { toString(): string }, currency: string): Money {
  return { amount: formatAmount(amount, currency), currency };
}
