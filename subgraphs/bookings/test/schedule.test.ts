import { PriceUnit } from "@booking/contracts";
import { describe, expect, it } from "vitest";
import { availabilityWindows, freeSegments } from "../src/schedule/availability-windows.js";
import { billableUnitsOf, type ResourceSchedule } from "../src/schedule/booking-times.js";
import { mergeIntervals, openingsBetween, slotsBetween } from "../src/schedule/opening-hours.js";
import { thrownFailureOf } from "../../../test/support/errors.js";

// The rules are pure: a fixed "now" well before every date used here.
const NOW = new Date("2026-11-23T12:00:00Z");
const at = (iso: string) => new Date(iso);
const ms = (iso: string) => Date.parse(iso);
const EVERY_DAY = (opens: string, closes: string) => [1, 2, 3, 4, 5, 6, 7].map((dayOfWeek) => ({ dayOfWeek, opens, closes }));

function schedule(overrides: Partial<ResourceSchedule>): ResourceSchedule {
  return { priceUnit: PriceUnit.HOUR, slotMinutes: null, openingHours: [], timezone: "UTC", ...overrides };
}

describe("the order, the future and the horizon", () => {
  const hourly = schedule({});
  it.each([
    ["end before start", "2027-01-10T10:00:00Z", "2027-01-10T09:00:00Z", "endTime"],
    ["end equal to start", "2027-01-10T10:00:00Z", "2027-01-10T10:00:00Z", "endTime"],
    ["a start in the past", "2026-11-23T11:00:00Z", "2026-11-23T13:00:00Z", "startTime"],
    ["a start at this very instant", "2026-11-23T12:00:00Z", "2026-11-23T13:00:00Z", "startTime"],
    ["a start beyond two years", "2028-11-23T13:00:00Z", "2028-11-23T14:00:00Z", "startTime"],
    ["an end beyond two years", "2028-11-23T11:00:00Z", "2028-11-23T13:00:00Z", "endTime"],
  ])("refuses %s with BAD_USER_INPUT on the field to blame", (_case, start, end, field) => {
    expect(thrownFailureOf(() => billableUnitsOf(hourly, at(start), at(end), NOW))).toEqual({ code: "BAD_USER_INPUT", field });
  });

  it("accepts a booking ending exactly at the horizon", () => {
    expect(billableUnitsOf(hourly, at("2028-11-23T11:00:00Z"), at("2028-11-23T12:00:00Z"), NOW)).toBe(1);
  });
});

describe("HOUR: whole hours of elapsed time inside opening hours", () => {
  it("counts hours, and treats no opening hours as always open, across midnight", () => {
    expect(billableUnitsOf(schedule({}), at("2027-01-10T22:00:00Z"), at("2027-01-11T03:00:00Z"), NOW)).toBe(5);
  });

  it("refuses a length that is not whole hours", () => {
    expect(thrownFailureOf(() => billableUnitsOf(schedule({}), at("2027-01-10T09:00:00Z"), at("2027-01-10T10:30:00Z"), NOW))).toEqual({ code: "BAD_USER_INPUT", field: "endTime" });
  });

  it("places opening hours in the business's zone", () => {
    // Tokyo is UTC+9 all year: 09:00-17:00 local is 00:00-08:00 UTC.
    const tokyo = schedule({ timezone: "Asia/Tokyo", openingHours: EVERY_DAY("09:00", "17:00") });
    expect(billableUnitsOf(tokyo, at("2027-01-11T00:00:00Z"), at("2027-01-11T08:00:00Z"), NOW)).toBe(8);
    expect(thrownFailureOf(() => billableUnitsOf(tokyo, at("2027-01-10T23:00:00Z"), at("2027-01-11T01:00:00Z"), NOW)).field).toBe("startTime");
    expect(thrownFailureOf(() => billableUnitsOf(tokyo, at("2027-01-11T07:00:00Z"), at("2027-01-11T09:00:00Z"), NOW)).field).toBe("endTime");
  });

  it("refuses a day the resource is closed", () => {
    const weekdays = schedule({ timezone: "Europe/Paris", openingHours: [1, 2, 3, 4, 5].map((dayOfWeek) => ({ dayOfWeek, opens: "09:00", closes: "17:00" })) });
    // 2027-01-09 is a Saturday
    expect(thrownFailureOf(() => billableUnitsOf(weekdays, at("2027-01-09T10:00:00Z"), at("2027-01-09T11:00:00Z"), NOW))).toEqual({ code: "BAD_USER_INPUT", field: "startTime" });
    expect(billableUnitsOf(weekdays, at("2027-01-11T08:00:00Z"), at("2027-01-11T16:00:00Z"), NOW)).toBe(8);
  });

  it("follows Europe's spring-forward day: 09:00 local is 07:00 UTC, and 00:00-06:00 lasts 5 hours", () => {
    // 2027-03-28, a Sunday: Berlin jumps from 02:00 (+01:00) to 03:00 (+02:00).
    const berlin = schedule({ timezone: "Europe/Berlin", openingHours: [{ dayOfWeek: 7, opens: "09:00", closes: "17:00" }] });
    expect(billableUnitsOf(berlin, at("2027-03-28T07:00:00Z"), at("2027-03-28T15:00:00Z"), NOW)).toBe(8);
    expect(thrownFailureOf(() => billableUnitsOf(berlin, at("2027-03-28T08:00:00Z"), at("2027-03-28T16:00:00Z"), NOW)).field).toBe("endTime");
    const night = schedule({ timezone: "Europe/Berlin", openingHours: [{ dayOfWeek: 7, opens: "00:00", closes: "06:00" }] });
    expect(billableUnitsOf(night, at("2027-03-27T23:00:00Z"), at("2027-03-28T04:00:00Z"), NOW)).toBe(5);
    expect(thrownFailureOf(() => billableUnitsOf(night, at("2027-03-27T23:00:00Z"), at("2027-03-28T05:00:00Z"), NOW)).field).toBe("endTime");
  });

  it("follows Europe's fall-back day: 00:00-06:00 lasts 7 hours", () => {
    // 2027-10-31, a Sunday: Berlin falls back from 03:00 (+02:00) to 02:00 (+01:00).
    const night = schedule({ timezone: "Europe/Berlin", openingHours: [{ dayOfWeek: 7, opens: "00:00", closes: "06:00" }] });
    expect(billableUnitsOf(night, at("2027-10-30T22:00:00Z"), at("2027-10-31T05:00:00Z"), NOW)).toBe(7);
  });

  it("follows the US daylight-saving days", () => {
    // New York: 2027-03-14 jumps 02:00 EST -> 03:00 EDT; 2027-11-07 falls back 02:00 EDT -> 01:00 EST.
    const newYork = schedule({ timezone: "America/New_York", openingHours: EVERY_DAY("08:00", "18:00") });
    expect(billableUnitsOf(newYork, at("2027-03-13T13:00:00Z"), at("2027-03-13T23:00:00Z"), NOW)).toBe(10);
    expect(billableUnitsOf(newYork, at("2027-03-14T12:00:00Z"), at("2027-03-14T22:00:00Z"), NOW)).toBe(10);
    expect(thrownFailureOf(() => billableUnitsOf(newYork, at("2027-03-14T13:00:00Z"), at("2027-03-14T23:00:00Z"), NOW)).field).toBe("endTime");
    expect(billableUnitsOf(newYork, at("2027-11-07T13:00:00Z"), at("2027-11-07T23:00:00Z"), NOW)).toBe(10);
    const allNight = schedule({ timezone: "America/New_York", openingHours: [{ dayOfWeek: 7, opens: "00:00", closes: "04:00" }] });
    expect(billableUnitsOf(allNight, at("2027-11-07T04:00:00Z"), at("2027-11-07T09:00:00Z"), NOW)).toBe(5);
  });

  it("joins openings that touch, and reads closes 24:00 and closes before opens as the next day", () => {
    const split = schedule({ openingHours: [{ dayOfWeek: 1, opens: "09:00", closes: "12:00" }, { dayOfWeek: 1, opens: "12:00", closes: "24:00" }, { dayOfWeek: 2, opens: "00:00", closes: "02:00" }] });
    // 2027-01-11 is a Monday
    expect(billableUnitsOf(split, at("2027-01-11T10:00:00Z"), at("2027-01-12T02:00:00Z"), NOW)).toBe(16);
    const lateBar = schedule({ openingHours: [{ dayOfWeek: 5, opens: "22:00", closes: "02:00" }] });
    // 2027-01-15 is a Friday: open until 02:00 on Saturday
    expect(billableUnitsOf(lateBar, at("2027-01-15T23:00:00Z"), at("2027-01-16T02:00:00Z"), NOW)).toBe(3);
    expect(thrownFailureOf(() => billableUnitsOf(lateBar, at("2027-01-16T01:00:00Z"), at("2027-01-16T03:00:00Z"), NOW)).field).toBe("endTime");
  });
});

describe("DAY: whole 24-hour days", () => {
  const daily = schedule({ priceUnit: PriceUnit.DAY, timezone: "Europe/Berlin", openingHours: EVERY_DAY("09:00", "17:00") });
  it("counts 24-hour days and ignores opening hours", () => {
    expect(billableUnitsOf(daily, at("2027-01-10T20:00:00Z"), at("2027-01-12T20:00:00Z"), NOW)).toBe(2);
  });
  it("refuses a local day that is 23 hours long (spring forward)", () => {
    expect(thrownFailureOf(() => billableUnitsOf(daily, at("2027-03-27T23:00:00Z"), at("2027-03-28T22:00:00Z"), NOW))).toEqual({ code: "BAD_USER_INPUT", field: "endTime" });
  });
});

describe("NIGHT: local calendar nights from check-in date to check-out date", () => {
  const nightly = (timezone: string) => schedule({ priceUnit: PriceUnit.NIGHT, timezone });
  it("counts a late check-in across local midnight in a zone east of UTC as one night", () => {
    // 23:30 to 01:00 in Tokyo: both instants fall on the same UTC date
    expect(billableUnitsOf(nightly("Asia/Tokyo"), at("2027-01-10T14:30:00Z"), at("2027-01-10T16:00:00Z"), NOW)).toBe(1);
  });
  it("counts nights in a zone west of UTC by local dates, not UTC dates", () => {
    // 20:00 Jan 10 -> 10:00 Jan 11 in Los Angeles is Jan 11 04:00Z -> Jan 11 18:00Z
    expect(billableUnitsOf(nightly("America/Los_Angeles"), at("2027-01-11T04:00:00Z"), at("2027-01-11T18:00:00Z"), NOW)).toBe(1);
    // 08:00 -> 22:00 local on one date: no night at all, even though the UTC dates differ
    expect(thrownFailureOf(() => billableUnitsOf(nightly("America/Los_Angeles"), at("2027-01-11T16:00:00Z"), at("2027-01-12T06:00:00Z"), NOW))).toEqual({ code: "BAD_USER_INPUT", field: "endTime" });
  });
  it("counts nights across daylight-saving changes by date", () => {
    expect(billableUnitsOf(nightly("Europe/Berlin"), at("2027-03-27T14:00:00Z"), at("2027-03-29T09:00:00Z"), NOW)).toBe(2);
    expect(billableUnitsOf(nightly("America/New_York"), at("2027-11-06T19:00:00Z"), at("2027-11-08T16:00:00Z"), NOW)).toBe(2);
  });
});

describe("SLOT: consecutive slots of the grid from each opening time", () => {
  const clinic = schedule({ priceUnit: PriceUnit.SLOT, slotMinutes: 30, timezone: "Europe/Madrid", openingHours: EVERY_DAY("09:15", "12:00") });
  it("counts slots that start at the opening time and step by the slot length", () => {
    // Madrid is UTC+1 in January: 09:15 local is 08:15Z
    expect(billableUnitsOf(clinic, at("2027-01-11T08:15:00Z"), at("2027-01-11T08:45:00Z"), NOW)).toBe(1);
    expect(billableUnitsOf(clinic, at("2027-01-11T08:45:00Z"), at("2027-01-11T10:15:00Z"), NOW)).toBe(3);
  });
  it("refuses a start off the grid, an end off the grid, and a slot past closing time", () => {
    expect(thrownFailureOf(() => billableUnitsOf(clinic, at("2027-01-11T08:30:00Z"), at("2027-01-11T09:00:00Z"), NOW))).toEqual({ code: "BAD_USER_INPUT", field: "startTime" });
    expect(thrownFailureOf(() => billableUnitsOf(clinic, at("2027-01-11T08:15:00Z"), at("2027-01-11T09:00:00Z"), NOW))).toEqual({ code: "BAD_USER_INPUT", field: "endTime" });
    // the last full slot is 11:15-11:45; 11:45-12:15 does not fit
    expect(thrownFailureOf(() => billableUnitsOf(clinic, at("2027-01-11T10:45:00Z"), at("2027-01-11T11:15:00Z"), NOW)).field).toBe("startTime");
    expect(thrownFailureOf(() => billableUnitsOf(clinic, at("2027-01-11T10:15:00Z"), at("2027-01-11T11:15:00Z"), NOW)).field).toBe("endTime");
    expect(thrownFailureOf(() => billableUnitsOf(clinic, at("2027-01-11T06:15:00Z"), at("2027-01-11T06:45:00Z"), NOW)).field).toBe("startTime");
  });
  it("lays the grid in elapsed time on a spring-forward night", () => {
    const night = schedule({ priceUnit: PriceUnit.SLOT, slotMinutes: 60, timezone: "Europe/Berlin", openingHours: [{ dayOfWeek: 7, opens: "01:00", closes: "05:00" }] });
    // 01:00 local = 00:00Z, 05:00 local (+02:00) = 03:00Z: three one-hour slots
    expect(slotsBetween(night.openingHours, night.timezone, 60, ms("2027-03-27T00:00:00Z"), ms("2027-03-29T00:00:00Z")).map((slot) => new Date(slot.start).toISOString())).toEqual([
      "2027-03-28T00:00:00.000Z",
      "2027-03-28T01:00:00.000Z",
      "2027-03-28T02:00:00.000Z",
    ]);
    expect(billableUnitsOf(night, at("2027-03-28T00:00:00Z"), at("2027-03-28T03:00:00Z"), NOW)).toBe(3);
  });
  it("starts the grid at local midnight when always open", () => {
    const always = schedule({ priceUnit: PriceUnit.SLOT, slotMinutes: 90, timezone: "Asia/Kolkata" });
    // Kolkata is UTC+5:30: local midnight is 18:30Z
    expect(billableUnitsOf(always, at("2027-01-10T18:30:00Z"), at("2027-01-10T21:30:00Z"), NOW)).toBe(2);
    expect(thrownFailureOf(() => billableUnitsOf(always, at("2027-01-10T18:00:00Z"), at("2027-01-10T19:30:00Z"), NOW)).field).toBe("startTime");
  });
});

describe("opening hours as instants", () => {
  it("moves an opening time skipped by a daylight-saving jump forward, as clocks do", () => {
    const openings = openingsBetween([{ dayOfWeek: 7, opens: "02:30", closes: "04:00" }], "Europe/Berlin", ms("2027-03-28T00:00:00Z"), ms("2027-03-28T12:00:00Z"));
    expect(openings.map((opening) => [new Date(opening.start).toISOString(), new Date(opening.end).toISOString()])).toEqual([["2027-03-28T01:30:00.000Z", "2027-03-28T02:00:00.000Z"]]);
  });
  it("reads a time that occurs twice (autumn) as its first occurrence", () => {
    // New York, 2027-11-07: 01:00-02:00 happens first in EDT (-04:00), then again in EST (-05:00)
    const newYork = openingsBetween([{ dayOfWeek: 7, opens: "01:00", closes: "05:00" }], "America/New_York", ms("2027-11-07T00:00:00Z"), ms("2027-11-08T00:00:00Z"));
    expect(newYork.map((opening) => [new Date(opening.start).toISOString(), new Date(opening.end).toISOString()])).toEqual([["2027-11-07T05:00:00.000Z", "2027-11-07T10:00:00.000Z"]]);
    // Berlin, 2027-10-31: 02:00-03:00 happens first in CEST (+02:00), then in CET (+01:00)
    const berlin = openingsBetween([{ dayOfWeek: 7, opens: "02:30", closes: "04:00" }], "Europe/Berlin", ms("2027-10-30T00:00:00Z"), ms("2027-11-01T00:00:00Z"));
    expect(berlin.map((opening) => [new Date(opening.start).toISOString(), new Date(opening.end).toISOString()])).toEqual([["2027-10-31T00:30:00.000Z", "2027-10-31T03:00:00.000Z"]]);
  });

  it("merges touching and overlapping openings", () => {
    expect(mergeIntervals([{ start: 5, end: 8 }, { start: 0, end: 2 }, { start: 2, end: 4 }, { start: 7, end: 9 }])).toEqual([{ start: 0, end: 4 }, { start: 5, end: 9 }]);
  });
});

describe("availability windows", () => {
  const hourly = schedule({ timezone: "Europe/Berlin", openingHours: EVERY_DAY("09:00", "17:00") });
  it("gives maximal windows of constant free units, clipped to opening hours, blocks at zero", () => {
    const windows = availabilityWindows({
      schedule: hourly,
      capacity: 3,
      from: ms("2027-01-11T00:00:00Z"),
      to: ms("2027-01-12T00:00:00Z"),
      occupancies: [
        { start: ms("2027-01-11T09:00:00Z"), end: ms("2027-01-11T11:00:00Z"), quantity: 1 },
        { start: ms("2027-01-11T10:00:00Z"), end: ms("2027-01-11T11:00:00Z"), quantity: 2 },
        // outside opening hours and outside the range: no effect
        { start: ms("2027-01-10T09:00:00Z"), end: ms("2027-01-10T11:00:00Z"), quantity: 3 },
      ],
      blocks: [{ start: ms("2027-01-11T13:00:00Z"), end: ms("2027-01-11T14:00:00Z") }],
    });
    // Berlin is UTC+1: open 08:00Z-16:00Z
    expect(windows.map((window) => [new Date(window.start).toISOString().slice(11, 16), new Date(window.end).toISOString().slice(11, 16), window.available])).toEqual([
      ["08:00", "09:00", 3],
      ["09:00", "10:00", 2],
      ["10:00", "11:00", 0],
      ["11:00", "13:00", 3],
      ["13:00", "14:00", 0],
      ["14:00", "16:00", 3],
    ]);
  });

  it("gives one window per slot with the units free for the whole slot", () => {
    const slots = schedule({ priceUnit: PriceUnit.SLOT, slotMinutes: 30, openingHours: EVERY_DAY("09:00", "11:00") });
    const windows = availabilityWindows({
      schedule: slots,
      capacity: 2,
      from: ms("2027-01-11T09:15:00Z"),
      to: ms("2027-01-11T12:00:00Z"),
      occupancies: [{ start: ms("2027-01-11T09:45:00Z"), end: ms("2027-01-11T10:15:00Z"), quantity: 1 }],
      blocks: [],
    });
    expect(windows.map((window) => [new Date(window.start).toISOString().slice(11, 16), window.available])).toEqual([
      ["09:30", 1],
      ["10:00", 1],
      ["10:30", 2],
    ]);
  });

  it("covers the whole range for DAY and NIGHT resources", () => {
    const windows = availabilityWindows({
      schedule: schedule({ priceUnit: PriceUnit.NIGHT, openingHours: EVERY_DAY("09:00", "10:00") }),
      capacity: 1,
      from: ms("2027-01-11T00:00:00Z"),
      to: ms("2027-01-14T00:00:00Z"),
      occupancies: [{ start: ms("2027-01-11T15:00:00Z"), end: ms("2027-01-12T10:00:00Z"), quantity: 1 }],
      blocks: [],
    });
    expect(windows).toEqual([
      { start: ms("2027-01-11T00:00:00Z"), end: ms("2027-01-11T15:00:00Z"), available: 1 },
      { start: ms("2027-01-11T15:00:00Z"), end: ms("2027-01-12T10:00:00Z"), available: 0 },
      { start: ms("2027-01-12T10:00:00Z"), end: ms("2027-01-14T00:00:00Z"), available: 1 },
    ]);
  });

  it("never goes below zero free units, and back-to-back bookings do not overlap", () => {
    const segments = freeSegments({
      capacity: 1,
      from: 0,
      to: 100,
      occupancies: [
        { start: 10, end: 20, quantity: 1 },
        { start: 20, end: 30, quantity: 1 },
        { start: 15, end: 25, quantity: 1 },
      ],
      blocks: [],
    });
    expect(segments).toEqual([
      { start: 0, end: 10, available: 1 },
      { start: 10, end: 30, available: 0 },
      { start: 30, end: 100, available: 1 },
    ]);
  });
});

describe("bounds on the work one request can cause", () => {
  it("refuses a booking longer than a year", () => {
    const daily = schedule({ priceUnit: PriceUnit.DAY });
    expect(thrownFailureOf(() => billableUnitsOf(daily, at("2027-01-01T00:00:00Z"), at("2028-01-03T00:00:00Z"), NOW))).toEqual({ code: "BAD_USER_INPUT", field: "endTime" });
    expect(billableUnitsOf(daily, at("2027-01-01T00:00:00Z"), at("2028-01-01T00:00:00Z"), NOW)).toBe(365);
  });

  it("refuses a slot booking spanning more than 1000 slots before walking the grid", () => {
    const slots = schedule({ priceUnit: PriceUnit.SLOT, slotMinutes: 5 });
    expect(thrownFailureOf(() => billableUnitsOf(slots, at("2027-01-01T00:00:00Z"), at("2027-12-31T00:00:00Z"), NOW))).toEqual({ code: "BAD_USER_INPUT", field: "endTime" });
    expect(billableUnitsOf(slots, at("2027-01-01T00:00:00Z"), at("2027-01-01T01:00:00Z"), NOW)).toBe(12);
  });
});
