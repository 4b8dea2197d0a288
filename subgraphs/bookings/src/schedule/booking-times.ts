import { badInput } from "@booking/common";
import { PriceUnit } from "@booking/contracts";
import { DateTime } from "luxon";
import { openStretches, slotsBetween, type OpeningHours } from "./opening-hours.js";

/** What the time rules need to know about a resource. */
export interface ResourceSchedule {
  priceUnit: PriceUnit;
  slotMinutes: number | null;
  /** empty means always open */
  openingHours: readonly OpeningHours[];
  /** the business's IANA zone: opening hours and nights are local to it */
  timezone: string;
}

/** How far ahead a booking may reach. */
export const BOOKING_HORIZON = { years: 2 } as const;

/** The longest booking of any kind: a year (longer stays are contracts, not bookings). */
export const MAX_BOOKING_MS = 366 * 24 * 60 * 60 * 1000;

/** The most slots one SLOT booking may span; checked before the grid is walked. */
export const MAX_SLOTS_PER_BOOKING = 1000;

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * Checks a requested [start, end) against the rules that need no database (order, future,
 * horizon, whole units, slot grid, opening hours) and returns its billable units. Failures
 * are BAD_USER_INPUT naming startTime or endTime.
 */
export function billableUnitsOf(schedule: ResourceSchedule, startTime: Date, endTime: Date, now: Date): number {
  assertBookableRange(startTime, endTime, now);
  const start = startTime.getTime();
  const end = endTime.getTime();
  switch (schedule.priceUnit) {
    case PriceUnit.HOUR:
      return hoursInsideOpeningHours(schedule, start, end);
    case PriceUnit.DAY:
      return wholeDays(start, end);
    case PriceUnit.NIGHT:
      return nightsBetween(schedule.timezone, start, end);
    case PriceUnit.SLOT:
      return slotsOnTheGrid(schedule, start, end);
    default:
      throw new Error(`unknown price unit ${String(schedule.priceUnit)}`);
  }
}

/** The rules any resource shares: start before end, start in the future, both within the horizon. */
export function assertBookableRange(startTime: Date, endTime: Date, now: Date): void {
  const start = startTime.getTime();
  const end = endTime.getTime();
  if (end <= start) throw badInput("endTime", "endTime must be after startTime");
  if (start <= now.getTime()) throw badInput("startTime", "startTime must be in the future");
  const horizon = DateTime.fromJSDate(now).plus(BOOKING_HORIZON).toMillis();
  if (start > horizon) throw badInput("startTime", "Bookings can start at most 2 years ahead");
  if (end > horizon) throw badInput("endTime", "Bookings must end within 2 years from now");
  if (end - start > MAX_BOOKING_MS) throw badInput("endTime", "A booking may last at most 366 days");
}

/** HOUR: whole hours of elapsed time, all of them inside one open stretch. */
function hoursInsideOpeningHours(schedule: ResourceSchedule, start: number, end: number): number {
  if ((end - start) % HOUR_MS !== 0) throw badInput("endTime", "An hourly booking must last a whole number of hours");
  assertInsideOpeningHours(schedule, start, end);
  return (end - start) / HOUR_MS;
}

/** DAY: whole 24-hour days of elapsed time. */
function wholeDays(start: number, end: number): number {
  if ((end - start) % DAY_MS !== 0) throw badInput("endTime", "A daily booking must last a whole number of 24-hour days");
  return (end - start) / DAY_MS;
}

/** NIGHT: local calendar dates from check-in to check-out, in the business's zone. */
export function nightsBetween(zone: string, start: number, end: number): number {
  const checkIn = DateTime.fromMillis(start, { zone }).toISODate()!;
  const checkOut = DateTime.fromMillis(end, { zone }).toISODate()!;
  const nights = Math.round((Date.parse(`${checkOut}T00:00:00Z`) - Date.parse(`${checkIn}T00:00:00Z`)) / DAY_MS);
  if (nights < 1) throw badInput("endTime", "A nightly booking must check out on a later local date than it checks in");
  return nights;
}

/** SLOT: consecutive slots of the grid that starts at each opening time. */
function slotsOnTheGrid(schedule: ResourceSchedule, start: number, end: number): number {
  const slotMinutes = schedule.slotMinutes;
  if (!slotMinutes) throw new Error("a SLOT resource without slotMinutes");
  const length = slotMinutes * 60_000;
  // Walking the grid costs time per slot: refuse absurd spans before doing it.
  if ((end - start) / length > MAX_SLOTS_PER_BOOKING) {
    throw badInput("endTime", `A slot booking may span at most ${MAX_SLOTS_PER_BOOKING} slots`);
  }
  const slotEndsByStart = new Map<number, number[]>();
  for (const slot of slotsBetween(schedule.openingHours, schedule.timezone, slotMinutes, start - length, end + length)) {
    slotEndsByStart.set(slot.start, [...(slotEndsByStart.get(slot.start) ?? []), slot.end]);
  }
  if (!slotEndsByStart.has(start)) {
    assertInsideOpeningHours(schedule, start, start + 1);
    throw badInput("startTime", `startTime must be on the ${slotMinutes}-minute slot grid that starts at the opening time`);
  }
  // Walk slot by slot; every end reached is a possible booking end.
  let reachable = new Set([start]);
  let units = 0;
  while (reachable.size > 0) {
    units += 1;
    const next = new Set<number>();
    for (const at of reachable) for (const slotEnd of slotEndsByStart.get(at) ?? []) if (slotEnd <= end) next.add(slotEnd);
    if (next.has(end)) return units;
    reachable = next;
  }
  assertInsideOpeningHours(schedule, start, end);
  throw badInput("endTime", `endTime must be the end of a ${slotMinutes}-minute slot of the grid that starts at the opening time`);
}

function assertInsideOpeningHours(schedule: ResourceSchedule, start: number, end: number): void {
  if (schedule.openingHours.length === 0) return;
  const stretches = openStretches(schedule.openingHours, schedule.timezone, start - DAY_MS, end + DAY_MS);
  const around = stretches.find((stretch) => stretch.start <= start && start < stretch.end);
  if (!around) throw badInput("startTime", `startTime is outside the opening hours (${schedule.timezone})`);
  if (end > around.end) throw badInput("endTime", `The booking runs past closing time (${schedule.timezone})`);
}
