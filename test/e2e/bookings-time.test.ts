import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp, type SignedIn } from "../support/accounts.js";
import { book, createBooking, offsetChangesAhead, onLocalDate } from "../support/bookings.js";
import { startTestSupergraph, type TestSupergraph } from "../support/supergraph.js";
import { makeBookableResource } from "../support/factories.js";
import { failureOf } from "../support/errors.js";

let system: TestSupergraph;
let customer: SignedIn;

beforeAll(async () => {
  system = await startTestSupergraph();
  customer = await signUp(system, { prefix: "traveller" });
}, 60_000);
afterAll(async () => system?.stop());

const EVERY_DAY = (opens: string, closes: string) => [1, 2, 3, 4, 5, 6, 7].map((dayOfWeek) => ({ dayOfWeek, opens, closes }));
/** How long a local calendar day lasts: 23 hours in spring, 25 in autumn. */
const hoursIn = (day: DateTime) => day.plus({ days: 1 }).diff(day, "hours").hours;

// The next two daylight-saving days of each zone (one spring, one autumn), found from today.
const DST_DAYS = ["Europe/Berlin", "America/New_York"].flatMap((zone) => offsetChangesAhead(zone, 2).map((day) => [zone, day.toISODate()!, day] as const));

describe.each(DST_DAYS)("a daylight-saving day in %s (%s)", (zone, _date, day) => {
  const longer = hoursIn(day) > 24;

  it("bills a night opening 00:00-06:00 by the hours that really pass", async () => {
    const resource = await makeBookableResource(system, { priceUnit: "HOUR", price: "10.00", openingHours: EVERY_DAY("00:00", "06:00"), business: { timezone: zone } });
    const booking = await book(system, customer.accessToken, { resourceId: resource.resource.id, startTime: onLocalDate(day, "00:00"), endTime: onLocalDate(day, "06:00") });
    expect(booking.units).toBe(longer ? 7 : 5);
    expect(booking.total.amount).toBe(longer ? "70.00" : "50.00");
    expect(booking.snapshot.timezone).toBe(zone);
  });

  it("places 09:00-17:00 at the day's own offset, and refuses the hours shifted by the old offset", async () => {
    const resource = await makeBookableResource(system, { priceUnit: "HOUR", capacity: 2, openingHours: EVERY_DAY("09:00", "17:00"), business: { timezone: zone } });
    const startTime = onLocalDate(day, "09:00");
    const booking = await book(system, customer.accessToken, { resourceId: resource.resource.id, startTime, endTime: onLocalDate(day, "17:00") });
    expect(booking.units).toBe(8);
    expect(booking.startTime).toBe(DateTime.fromISO(startTime).toUTC().toISO());
    const offsetBefore = day.offset;
    const offsetAfter = day.plus({ days: 1 }).offset;
    const shift = (offsetAfter - offsetBefore) * 60_000;
    // 09:00 by yesterday's offset is an hour off today's opening time
    const shifted = await createBooking(system, customer.accessToken, {
      resourceId: resource.resource.id,
      startTime: new Date(Date.parse(startTime) + shift).toISOString(),
      endTime: new Date(Date.parse(onLocalDate(day, "17:00")) + shift).toISOString(),
    });
    expect(failureOf(shifted)).toEqual({ code: "BAD_USER_INPUT", field: shift < 0 ? "startTime" : "endTime" });
  });

  it("lays one-hour slots 01:00-05:00 in elapsed time: 3 on the short day, 5 on the long one", async () => {
    const resource = await makeBookableResource(system, { priceUnit: "SLOT", slotMinutes: 60, price: "25.00", openingHours: EVERY_DAY("01:00", "05:00"), business: { timezone: zone } });
    const whole = await book(system, customer.accessToken, { resourceId: resource.resource.id, startTime: onLocalDate(day, "01:00"), endTime: onLocalDate(day, "05:00") });
    expect(whole.units).toBe(longer ? 5 : 3);
    const result = await system.request(
      `query($id: ID!, $from: DateTime!, $to: DateTime!) { resource(id: $id) { availability(from: $from, to: $to) { start end available } } }`,
      { id: resource.resource.id, from: onLocalDate(day, "00:00"), to: onLocalDate(day, "00:00", 1) },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data.resource.availability).toHaveLength(longer ? 5 : 3);
    for (const window of result.data.resource.availability) {
      expect(Date.parse(window.end) - Date.parse(window.start)).toBe(3600_000);
      expect(window.available).toBe(0);
    }
  });

  it("counts the nights of a stay across it by local dates, and refuses a 'day' that is not 24 hours", async () => {
    const room = await makeBookableResource(system, { priceUnit: "NIGHT", price: "99.90", business: { timezone: zone } });
    const stay = await book(system, customer.accessToken, { resourceId: room.resource.id, startTime: onLocalDate(day, "15:00", -1), endTime: onLocalDate(day, "11:00", 1) });
    expect(stay).toMatchObject({ units: 2, total: { amount: "199.80", currency: "EUR" } });
    const car = await makeBookableResource(system, { priceUnit: "DAY", business: { timezone: zone } });
    const localDay = await createBooking(system, customer.accessToken, { resourceId: car.resource.id, startTime: onLocalDate(day, "00:00"), endTime: onLocalDate(day, "00:00", 1) });
    expect(failureOf(localDay)).toEqual({ code: "BAD_USER_INPUT", field: "endTime" });
    const fullDay = await book(system, customer.accessToken, { resourceId: car.resource.id, startTime: onLocalDate(day, "00:00"), endTime: new Date(Date.parse(onLocalDate(day, "00:00")) + 24 * 3600_000).toISOString() });
    expect(fullDay.units).toBe(1);
  });
});

describe("nights across midnight in zones away from UTC", () => {
  it("counts a late check-in in Tokyo (23:30 to 01:00, one UTC date) as one night", async () => {
    const room = await makeBookableResource(system, { priceUnit: "NIGHT", price: "12000.00", currency: "JPY", business: { timezone: "Asia/Tokyo" } });
    const day = DateTime.now().setZone("Asia/Tokyo").plus({ days: 20 }).startOf("day");
    const startTime = onLocalDate(day, "23:30");
    const endTime = onLocalDate(day, "01:00", 1);
    expect(startTime.slice(0, 10)).toBe(endTime.slice(0, 10));
    const stay = await book(system, customer.accessToken, { resourceId: room.resource.id, startTime, endTime });
    expect(stay).toMatchObject({ units: 1, total: { amount: "12000", currency: "JPY" }, snapshot: { unitPrice: { amount: "12000", currency: "JPY" } } });
  });

  it("counts nights in Los Angeles by local dates, not UTC dates", async () => {
    const room = await makeBookableResource(system, { priceUnit: "NIGHT", price: "150.00", currency: "USD", business: { timezone: "America/Los_Angeles" } });
    const day = DateTime.now().setZone("America/Los_Angeles").plus({ days: 21 }).startOf("day");
    // 20:00 to 10:00 the next morning: both instants on one UTC date, one local night
    const overnight = await book(system, customer.accessToken, { resourceId: room.resource.id, startTime: onLocalDate(day, "20:00"), endTime: onLocalDate(day, "10:00", 1) });
    expect(overnight.units).toBe(1);
    // 08:00 to 22:00 on one local date crosses UTC midnight but no local night
    const dayUse = await createBooking(system, customer.accessToken, { resourceId: room.resource.id, startTime: onLocalDate(day, "08:00", 3), endTime: onLocalDate(day, "22:00", 3) });
    expect(failureOf(dayUse)).toEqual({ code: "BAD_USER_INPUT", field: "endTime" });
  });
});
