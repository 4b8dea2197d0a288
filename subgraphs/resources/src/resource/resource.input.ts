import { badInput, isCurrencyCode, minorUnits, optionalText, requiredText } from "@booking/common";
import { PriceUnit, type ResourceType } from "@booking/contracts";
import { Decimal } from "decimal.js";
import type { CreateResourceInput, OpeningHoursInput, UpdateResourceInput } from "./resource.type.js";

/**
 * The rules a resource's fields obey, with the field to blame for each: pure functions, so
 * createResource and updateResource (on the merged result) apply the very same ones. The
 * database's CHECK constraints hold the same rules as a last line.
 */

export const RESOURCE_LIMITS = {
  name: 200,
  description: 2000,
  metadataCharacters: 10_000,
  capacity: 10_000,
  freeCancellationHours: 24 * 365,
  openingIntervals: 50,
  minSlotMinutes: 5,
  maxSlotMinutes: 480,
  /** NUMERIC(12, 2) */
  maxPrice: new Decimal("9999999999.99"),
} as const;

export const DEFAULTS = { currency: "USD", capacity: 1, freeCancellationHours: 24 } as const;

const OPENS = /^([01]\d|2[0-3]):[0-5]\d$/;
const CLOSES = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;
const MINUTES_PER_DAY = 24 * 60;

export interface OpeningInterval {
  dayOfWeek: number;
  opens: string;
  closes: string;
}

/** A resource's stored fields (price as an exact decimal). */
export interface ResourceFields {
  name: string;
  description: string | null;
  categoryId: string | null;
  metadata: Record<string, unknown>;
  price: Decimal;
  currency: string;
  priceUnit: PriceUnit;
  capacity: number;
  slotMinutes: number | null;
  openingHours: OpeningInterval[];
  freeCancellationHours: number;
}

/** createResource: absent or null optional fields take their defaults. */
export function newResourceFields(input: CreateResourceInput): ResourceFields & { type: ResourceType } {
  const currency = currencyCode(input.currency ?? DEFAULTS.currency);
  const openingHours = openingIntervals(input.openingHours ?? []);
  const fields = {
    type: input.type,
    name: requiredText(input.name, "name", RESOURCE_LIMITS.name),
    description: optionalText(input.description, "description", RESOURCE_LIMITS.description) ?? null,
    categoryId: input.categoryId ?? null,
    metadata: metadataObject(input.metadata ?? {}),
    price: price(input.price, currency, "price"),
    currency,
    priceUnit: input.priceUnit,
    capacity: capacity(input.capacity ?? DEFAULTS.capacity),
    slotMinutes: input.slotMinutes ?? null,
    openingHours,
    freeCancellationHours: freeCancellationHours(input.freeCancellationHours ?? DEFAULTS.freeCancellationHours),
  };
  assertSlots(fields, "slotMinutes");
  return fields;
}

/**
 * updateResource: an absent field stays; null clears what may be empty (description,
 * categoryId, slotMinutes) and is BAD_USER_INPUT for what may not (send [] or {} to empty
 * openingHours or metadata). The merged resource must obey every rule; a rule that two
 * fields share blames the one the input changed.
 */
export function resourceChanges(current: ResourceFields, input: UpdateResourceInput): Partial<ResourceFields> {
  const changes: Partial<ResourceFields> = {};
  const required = <K extends keyof UpdateResourceInput>(field: K): NonNullable<UpdateResourceInput[K]> | undefined => {
    const value = input[field];
    if (value === null) throw badInput(field, `${field} cannot be cleared`);
    return value as NonNullable<UpdateResourceInput[K]> | undefined;
  };

  const name = required("name");
  if (name !== undefined) changes.name = requiredText(name, "name", RESOURCE_LIMITS.name);
  const description = optionalText(input.description, "description", RESOURCE_LIMITS.description);
  if (description !== undefined) changes.description = description;
  if (input.categoryId !== undefined) changes.categoryId = input.categoryId;
  const metadata = required("metadata");
  if (metadata !== undefined) changes.metadata = metadataObject(metadata);
  const currency = required("currency");
  if (currency !== undefined) changes.currency = currencyCode(currency);
  const newPrice = required("price");
  const merged = { ...current, ...changes };
  if (newPrice !== undefined) changes.price = price(newPrice, merged.currency, "price");
  else if (changes.currency !== undefined) price(current.price, changes.currency, "currency");
  const newCapacity = required("capacity");
  if (newCapacity !== undefined) changes.capacity = capacity(newCapacity);
  if (input.slotMinutes !== undefined) changes.slotMinutes = input.slotMinutes;
  const hours = required("openingHours");
  if (hours !== undefined) changes.openingHours = openingIntervals(hours);
  const cancellation = required("freeCancellationHours");
  if (cancellation !== undefined) changes.freeCancellationHours = freeCancellationHours(cancellation);

  if (changes.slotMinutes !== undefined || changes.openingHours !== undefined) {
    assertSlots({ ...current, ...changes }, changes.slotMinutes !== undefined ? "slotMinutes" : "openingHours");
  }
  return changes;
}

/** An ISO 4217 code (upper-cased: "eur" is EUR). */
export function currencyCode(value: string): string {
  const code = value.trim().toUpperCase();
  if (!isCurrencyCode(code)) throw badInput("currency", "currency must be an ISO 4217 code such as USD or EUR");
  return code;
}

/** At least 0, at most the currency's minor units of decimals (2 at most), exact. */
export function price(value: Decimal.Value | { toString(): string }, currency: string, field: string): Decimal {
  const amount = new Decimal(value.toString());
  if (amount.isNegative() && !amount.isZero()) throw badInput(field, "price must be at least 0");
  const decimals = Math.min(2, minorUnits(currency));
  if (amount.decimalPlaces() > decimals) {
    throw badInput(field, decimals === 0 ? `${currency} prices have no decimals` : `price has at most ${decimals} decimals in ${currency}`);
  }
  if (amount.greaterThan(RESOURCE_LIMITS.maxPrice)) throw badInput(field, `price must be at most ${RESOURCE_LIMITS.maxPrice.toFixed(2)}`);
  return amount.abs();
}

function capacity(value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > RESOURCE_LIMITS.capacity) throw badInput("capacity", `capacity must be between 1 and ${RESOURCE_LIMITS.capacity}`);
  return value;
}

function freeCancellationHours(value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > RESOURCE_LIMITS.freeCancellationHours) {
    throw badInput("freeCancellationHours", `freeCancellationHours must be between 0 and ${RESOURCE_LIMITS.freeCancellationHours}`);
  }
  return value;
}

function metadataObject(value: Record<string, unknown>): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw badInput("metadata", "metadata must be a JSON object");
  if (JSON.stringify(value).length > RESOURCE_LIMITS.metadataCharacters) {
    throw badInput("metadata", `metadata must be at most ${RESOURCE_LIMITS.metadataCharacters} characters of JSON`);
  }
  return value;
}

export function minutesOf(clock: string): number {
  const [hours, minutes] = clock.split(":").map(Number);
  return hours! * 60 + minutes!;
}

/** Weekly intervals: valid days and clock times, each opening before it closes, none overlapping on a day; sorted. */
export function openingIntervals(hours: readonly OpeningHoursInput[]): OpeningInterval[] {
  if (hours.length > RESOURCE_LIMITS.openingIntervals) throw badInput("openingHours", `at most ${RESOURCE_LIMITS.openingIntervals} opening intervals`);
  const intervals = hours.map(({ dayOfWeek, opens, closes }, index) => {
    const at = `openingHours[${index}]`;
    if (!Number.isInteger(dayOfWeek) || dayOfWeek < 1 || dayOfWeek > 7) throw badInput("openingHours", `${at}.dayOfWeek must be 1 (Monday) to 7 (Sunday)`);
    if (!OPENS.test(opens)) throw badInput("openingHours", `${at}.opens must be a time "HH:MM" from 00:00 to 23:59`);
    if (!CLOSES.test(closes)) throw badInput("openingHours", `${at}.closes must be a time "HH:MM" from 00:00 to 24:00`);
    if (minutesOf(opens) >= minutesOf(closes)) {
      throw badInput("openingHours", `${at} must open before it closes (split an interval that crosses midnight in two)`);
    }
    return { dayOfWeek, opens, closes };
  });
  intervals.sort((a, b) => a.dayOfWeek - b.dayOfWeek || minutesOf(a.opens) - minutesOf(b.opens));
  for (let index = 1; index < intervals.length; index += 1) {
    const previous = intervals[index - 1]!;
    const interval = intervals[index]!;
    if (previous.dayOfWeek === interval.dayOfWeek && minutesOf(interval.opens) < minutesOf(previous.closes)) {
      throw badInput("openingHours", `${previous.opens}-${previous.closes} and ${interval.opens}-${interval.closes} overlap on day ${interval.dayOfWeek}`);
    }
  }
  return intervals;
}

/**
 * SLOT resources need a slot length of 5..480 minutes that divides every opening interval
 * (the whole day when always open), since slots align to the opening time; other price
 * units have no slot length.
 */
function assertSlots(fields: Pick<ResourceFields, "priceUnit" | "slotMinutes" | "openingHours">, blame: "slotMinutes" | "openingHours"): void {
  const { priceUnit, slotMinutes, openingHours } = fields;
  if (priceUnit !== PriceUnit.SLOT) {
    if (slotMinutes !== null) throw badInput("slotMinutes", `slotMinutes is only for priceUnit SLOT, not ${priceUnit}`);
    return;
  }
  if (slotMinutes === null) throw badInput("slotMinutes", "SLOT resources need slotMinutes");
  if (!Number.isInteger(slotMinutes) || slotMinutes < RESOURCE_LIMITS.minSlotMinutes || slotMinutes > RESOURCE_LIMITS.maxSlotMinutes) {
    throw badInput("slotMinutes", `slotMinutes must be between ${RESOURCE_LIMITS.minSlotMinutes} and ${RESOURCE_LIMITS.maxSlotMinutes}`);
  }
  const lengths = openingHours.length === 0 ? [MINUTES_PER_DAY] : openingHours.map((interval) => minutesOf(interval.closes) - minutesOf(interval.opens));
  const misfit = lengths.find((length) => length % slotMinutes !== 0);
  if (misfit !== undefined) {
    throw badInput(blame, `${slotMinutes}-minute slots do not divide a ${misfit}-minute opening interval`);
  }
}
