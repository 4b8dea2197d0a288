import { DateTime } from "luxon";

/** A weekly opening in the business's time zone: dayOfWeek 1 = Monday ... 7 = Sunday, "HH:MM". */
export interface OpeningHours {
  dayOfWeek: number;
  opens: string;
  closes: string;
}

/** [start, end) in epoch milliseconds. */
export interface Interval {
  start: number;
  end: number;
}

/**
 * Every opening that meets [from, to), as instants, sorted by start. Local times are placed
 * on their calendar date in `zone` by Luxon, so a daylight-saving day simply has a shorter or
 * longer opening. `closes` of "24:00" is the next midnight, and a `closes` at or before `opens`
 * (22:00-02:00) closes the next day. No opening hours means always open: each local day,
 * midnight to midnight, is one opening (SLOT grids start at local midnight then).
 */
export function openingsBetween(hours: readonly OpeningHours[], zone: string, from: number, to: number): Interval[] {
  const weekly = hours.length > 0 ? hours : [1, 2, 3, 4, 5, 6, 7].map((dayOfWeek) => ({ dayOfWeek, opens: "00:00", closes: "24:00" }));
  const first = DateTime.fromMillis(from, { zone }).startOf("day").minus({ days: 1 });
  const last = DateTime.fromMillis(to, { zone }).startOf("day");
  if (!first.isValid) throw new Error(`unknown time zone ${zone}`);
  const openings: Interval[] = [];
  for (let date = first; date <= last; date = date.plus({ days: 1 })) {
    for (const hour of weekly) {
      if (hour.dayOfWeek !== date.weekday) continue;
      const opens = minutesOf(hour.opens);
      let closes = minutesOf(hour.closes);
      if (closes <= opens) closes += 24 * 60;
      const start = atLocalMinute(date, opens);
      const end = atLocalMinute(date, closes);
      if (end > start && end > from && start < to) openings.push({ start, end });
    }
  }
  return openings.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** Openings joined where they touch or overlap: the stretches of time the resource is open. */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const interval of sorted) {
    const previous = merged.at(-1);
    if (previous && interval.start <= previous.end) previous.end = Math.max(previous.end, interval.end);
    else merged.push({ ...interval });
  }
  return merged;
}

/** The open stretches (merged openings) inside [from, to), clipped to it. */
export function openStretches(hours: readonly OpeningHours[], zone: string, from: number, to: number): Interval[] {
  if (hours.length === 0) return from < to ? [{ start: from, end: to }] : [];
  return mergeIntervals(openingsBetween(hours, zone, from, to))
    .map((stretch) => ({ start: Math.max(stretch.start, from), end: Math.min(stretch.end, to) }))
    .filter((stretch) => stretch.end > stretch.start);
}

/**
 * The slot grid: from each opening's start, consecutive slots of `slotMinutes` of elapsed
 * time that fit before it closes, for openings meeting [from, to). Sorted and distinct.
 */
export function slotsBetween(hours: readonly OpeningHours[], zone: string, slotMinutes: number, from: number, to: number): Interval[] {
  const length = slotMinutes * 60_000;
  const slots = new Map<string, Interval>();
  for (const opening of openingsBetween(hours, zone, from, to)) {
    for (let start = opening.start; start + length <= opening.end; start += length) {
      slots.set(`${start}-${start + length}`, { start, end: start + length });
    }
  }
  return [...slots.values()].sort((a, b) => a.start - b.start || a.end - b.end);
}

function minutesOf(time: string): number {
  const [hours, minutes] = time.split(":").map(Number);
  return hours! * 60 + minutes!;
}

/**
 * The instant of a wall-clock time on a local date (minutes may run past 24:00 into the next
 * days). A time skipped by a daylight-saving jump moves forward by the jump, as clocks do; a
 * time that occurs twice (the repeated hour in autumn) is its first occurrence. These are the
 * "compatible" rules of Temporal and java.time.
 */
export function atLocalMinute(date: DateTime, minutes: number): number {
  const day = date.plus({ days: Math.floor(minutes / (24 * 60)) });
  const wallClock = { year: day.year, month: day.month, day: day.day, hour: Math.floor((minutes % (24 * 60)) / 60), minute: minutes % 60 };
  // Luxon resolves a repeated time to its later occurrence; look for an earlier one.
  const resolved = DateTime.fromObject(wallClock, { zone: date.zone });
  for (const earlierBy of [120, 60, 30]) {
    const earlier = resolved.minus({ minutes: earlierBy });
    if (earlier.year === wallClock.year && earlier.month === wallClock.month && earlier.day === wallClock.day && earlier.hour === wallClock.hour && earlier.minute === wallClock.minute) {
      return earlier.toMillis();
    }
  }
  return resolved.toMillis();
}
