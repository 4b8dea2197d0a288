/**
 * Instants relative to now, so that no test depends on today's date: `daysFromNow(30, 14)` is
 * 14:00 UTC thirty days from today. Whole hours keep expected ISO strings readable.
 */
export function daysFromNow(days: number, hour = 0, minute = 0): Date {
  const today = new Date();
  return new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + days, hour, minute));
}

/** `date` moved by `minutes` (negative: earlier). */
export function plusMinutes(date: Date, minutes: number): Date {
  return new Date(date.getTime() + minutes * 60_000);
}

/** The UTC date `days` days from today, as `YYYY-MM-DD`, for building instant strings in tests. */
export function isoDay(days: number): string {
  return daysFromNow(days).toISOString().slice(0, 10);
}
