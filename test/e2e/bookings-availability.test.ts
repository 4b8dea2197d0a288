import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp, type SignedIn } from "../support/accounts.js";
import { book, localTime } from "../support/bookings.js";
import { startTestSupergraph, type TestSupergraph } from "../support/supergraph.js";
import { BOOKABLE_BUSINESS, BOOKABLE_RESOURCE, makeActiveBusiness, makeResource, makeBookableResource, blockResource } from "../support/factories.js";
import { failureOf } from "../support/errors.js";

let system: TestSupergraph;
let customer: SignedIn;

beforeAll(async () => {
  system = await startTestSupergraph();
  customer = await signUp(system, { prefix: "cust" });
}, 60_000);
afterAll(async () => system?.stop());

const EVERY_DAY = (opens: string, closes: string) => [1, 2, 3, 4, 5, 6, 7].map((dayOfWeek) => ({ dayOfWeek, opens, closes }));
const ZONE = "America/Sao_Paulo"; // UTC-3, no daylight saving
const at = (days: number, time: string) => localTime(ZONE, days, time);
const AVAILABILITY = `query($id: ID!, $from: DateTime!, $to: DateTime!) { resource(id: $id) { id availability(from: $from, to: $to) { start end available } } }`;

async function availability(resourceId: string, from: string, to: string, token?: string) {
  const result = await system.request(AVAILABILITY, { id: resourceId, from, to }, { token });
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  return result.data.resource.availability as { start: string; end: string; available: number }[];
}

/** Windows as local "HH:MM-HH:MM available" strings, easy to read in a failure. */
const local = (windows: { start: string; end: string; available: number }[]) =>
  windows.map((window) => {
    const time = (iso: string) => new Date(Date.parse(iso) - 3 * 3600_000).toISOString().slice(11, 16);
    return `${time(window.start)}-${time(window.end)} ${window.available}`;
  });

describe("Resource.availability", () => {
  it("gives anyone maximal windows of constant free units, clipped to opening hours, with blocks at zero", async () => {
    const desks = await makeBookableResource(system, { capacity: 2, openingHours: EVERY_DAY("09:00", "17:00"), business: { timezone: ZONE } });
    await book(system, customer.accessToken, { resourceId: desks.resource.id, startTime: at(5, "10:00"), endTime: at(5, "12:00") });
    await book(system, customer.accessToken, { resourceId: desks.resource.id, startTime: at(5, "11:00"), endTime: at(5, "13:00") });
    await blockResource(system, desks, new Date(at(5, "14:00")), new Date(at(5, "15:00")));
    const windows = await availability(desks.resource.id, at(5, "00:00"), at(6, "00:00"));
    expect(local(windows)).toEqual(["09:00-10:00 2", "10:00-11:00 1", "11:00-12:00 0", "12:00-13:00 1", "13:00-14:00 2", "14:00-15:00 0", "15:00-17:00 2"]);
  });

  it("keeps closed nights out of a range spanning days, and clips to the range", async () => {
    const desks = await makeBookableResource(system, { capacity: 1, openingHours: EVERY_DAY("09:00", "17:00"), business: { timezone: ZONE } });
    const windows = await availability(desks.resource.id, at(7, "12:00"), at(9, "10:00"));
    expect(windows).toEqual([
      { start: at(7, "12:00"), end: at(7, "17:00"), available: 1 },
      { start: at(8, "09:00"), end: at(8, "17:00"), available: 1 },
      { start: at(9, "09:00"), end: at(9, "10:00"), available: 1 },
    ]);
  });

  it("gives one window per slot for SLOT resources", async () => {
    const chair = await makeBookableResource(system, { priceUnit: "SLOT", slotMinutes: 30, capacity: 2, openingHours: EVERY_DAY("09:00", "11:00"), business: { timezone: ZONE } });
    await book(system, customer.accessToken, { resourceId: chair.resource.id, startTime: at(10, "09:30"), endTime: at(10, "10:30"), quantity: 2 });
    const windows = await availability(chair.resource.id, at(10, "00:00"), at(11, "00:00"));
    expect(local(windows)).toEqual(["09:00-09:30 2", "09:30-10:00 0", "10:00-10:30 0", "10:30-11:00 2"]);
  });

  it("covers the whole range for NIGHT resources, and frees a cancelled stay at once", async () => {
    const room = await makeBookableResource(system, { priceUnit: "NIGHT", business: { timezone: ZONE } });
    const stay = await book(system, customer.accessToken, { resourceId: room.resource.id, startTime: at(12, "15:00"), endTime: at(14, "11:00") });
    expect(local(await availability(room.resource.id, at(12, "00:00"), at(15, "00:00")))).toEqual(["00:00-15:00 1", "15:00-11:00 0", "11:00-00:00 1"]);
    await system.request(`mutation($id: ID!) { cancelBooking(id: $id) { id } }`, { id: stay.id }, { token: customer.accessToken });
    expect(local(await availability(room.resource.id, at(12, "00:00"), at(15, "00:00")))).toEqual(["00:00-00:00 1"]);
  });

  it("starts no earlier than now", async () => {
    const room = await makeBookableResource(system, { business: { timezone: ZONE } });
    const windows = await availability(room.resource.id, at(-2, "00:00"), at(1, "00:00"));
    expect(windows).toHaveLength(1);
    expect(Date.parse(windows[0]!.start)).toBeGreaterThan(Date.now() - 60_000);
    expect(Date.parse(windows[0]!.start)).toBeLessThanOrEqual(Date.now());
  });

  it("shows nothing bookable for a resource that is not bookable, even to its owner", async () => {
    const business = await makeActiveBusiness(system, { ...BOOKABLE_BUSINESS, timezone: ZONE });
    const inactive = await makeResource(system, business, { ...BOOKABLE_RESOURCE, status: "INACTIVE" });
    expect(await availability(inactive.resource.id, at(3, "00:00"), at(4, "00:00"), business.vendor.accessToken)).toEqual([]);
  });

  it.each([
    ["to before from", () => [at(3, "10:00"), at(3, "09:00")]],
    ["to equal to from", () => [at(3, "10:00"), at(3, "10:00")]],
    ["a range over 62 days", () => [at(3, "00:00"), at(66, "00:00")]],
  ])("refuses %s with BAD_USER_INPUT", async (_case, range) => {
    const room = await makeBookableResource(system);
    const [from, to] = range();
    const result = await system.request(AVAILABILITY, { id: room.resource.id, from, to });
    expect(failureOf(result)).toEqual({ code: "BAD_USER_INPUT", field: "to" });
  });

  it("accepts exactly 62 days", async () => {
    const room = await makeBookableResource(system);
    const from = new Date(Date.now() + 86_400_000);
    const windows = await availability(room.resource.id, from.toISOString(), new Date(from.getTime() + 62 * 86_400_000).toISOString());
    expect(windows).toHaveLength(1);
  });

  it("answers for every resource of a business in one request", async () => {
    const business = await makeActiveBusiness(system, { ...BOOKABLE_BUSINESS, timezone: ZONE });
    const resources = [];
    for (let index = 0; index < 5; index += 1) resources.push(await makeResource(system, business, { ...BOOKABLE_RESOURCE, name: `Desk ${index}`, capacity: 2, openingHours: EVERY_DAY("08:00", "12:00") }));
    await book(system, customer.accessToken, { resourceId: resources[2]!.resource.id, startTime: at(20, "09:00"), endTime: at(20, "10:00") });
    const result = await system.request(
      `query($id: ID!, $from: DateTime!, $to: DateTime!) { business(id: $id) { resources(first: 10) { edges { node { name availability(from: $from, to: $to) { available } } } } } }`,
      { id: business.business.id, from: at(20, "00:00"), to: at(21, "00:00") },
    );
    expect(result.errors).toBeUndefined();
    const byName = Object.fromEntries(result.data.business.resources.edges.map((edge: { node: { name: string; availability: { available: number }[] } }) => [edge.node.name, edge.node.availability.map((window) => window.available)]));
    expect(byName).toEqual({ "Desk 0": [2], "Desk 1": [2], "Desk 2": [2, 1, 2], "Desk 3": [2], "Desk 4": [2] });
  });
});
