import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp, signUpAdmin, type SignedIn } from "../support/accounts.js";
import { BOOKING_FIELDS, book, contractOperation, createBooking, localTime } from "../support/bookings.js";
import { startTestSupergraph, type TestSupergraph } from "../support/supergraph.js";
import { isoDay } from "../support/time.js";
import { BOOKABLE_BUSINESS, BOOKABLE_RESOURCE, makeActiveBusiness, makeResource, makeBookableResource, blockResource } from "../support/factories.js";
import { failureOf, codeOf } from "../support/errors.js";

let system: TestSupergraph;
let customer: SignedIn;
let other: SignedIn;

beforeAll(async () => {
  system = await startTestSupergraph();
  [customer, other] = await Promise.all([signUp(system, { prefix: "cust" }), signUp(system, { prefix: "other" })]);
}, 60_000);
afterAll(async () => system?.stop());

const bookingRows = () => system.subgraphs.bookings.db.booking.count();
// Lisbon is UTC+0 in winter and UTC+1 in summer: the wall-clock times below are local there.
const at = (days: number, time: string) => localTime("Europe/Lisbon", days, time);
const EVERY_DAY = (opens: string, closes: string) => [1, 2, 3, 4, 5, 6, 7].map((dayOfWeek) => ({ dayOfWeek, opens, closes }));

describe("createBooking", () => {
  it("holds the units, freezes the snapshot and the customer's contact from users, and totals exactly (the contract's operation)", async () => {
    const desk = await makeBookableResource(system, { name: "Desk 7", type: "DESK", price: "19.99", currency: "EUR", priceUnit: "HOUR", capacity: 3, business: { name: "Cowork Alfama", type: "CO_WORKING" } });
    await system.subgraphs.users.db.user.update({ where: { id: customer.id }, data: { firstName: "Ada", lastName: "Lovelace", phone: "+351 210 000 000" } });
    const input = { resourceId: desk.resource.id, startTime: at(10, "09:00"), endTime: at(10, "12:00"), quantity: 2, notes: "  near the window  ", idempotencyKey: randomUUID() };
    const result = await contractOperation(system, "bookings.graphql", "CreateBooking", { input }, customer.accessToken);
    expect(result.errors).toBeUndefined();
    const booking = result.data.createBooking;
    expect(booking).toMatchObject({
      status: "HOLD",
      startTime: input.startTime,
      endTime: input.endTime,
      quantity: 2,
      units: 3,
      notes: "near the window",
      total: { amount: "119.94", currency: "EUR" },
      snapshot: { businessName: "Cowork Alfama", resourceName: "Desk 7", resourceType: "DESK", priceUnit: "HOUR", timezone: "Europe/Lisbon", unitPrice: { amount: "19.99", currency: "EUR" } },
      contact: { name: "Ada Lovelace", email: customer.email, phone: "+351 210 000 000" },
      cancelledAt: null,
      cancelReason: null,
      cancelledBy: null,
      resource: { id: desk.resource.id, name: "Desk 7" },
      business: { id: desk.business.id, name: "Cowork Alfama" },
      customer: { id: customer.id, username: customer.username },
    });
    expect(booking.bookingNumber).toMatch(/^BK-[0-9A-HJKMNP-TV-Z]{8}$/);
    expect(Date.parse(booking.holdExpiresAt) - Date.parse(booking.createdAt)).toBe(900_000);
    expect(booking.history).toEqual([{ from: null, to: "HOLD", at: booking.createdAt, reason: null }]);
    const events = await system.subgraphs.bookings.db.bookingOutbox.findMany({ where: { bookingId: booking.id } });
    expect(events.map((event) => event.eventType)).toEqual(["CREATED"]);
  });

  it("keeps the snapshot when the business and resource change later", async () => {
    const room = await makeBookableResource(system, { name: "Room 1", price: "80.00", priceUnit: "NIGHT", business: { name: "Old Name Inn" } });
    const booking = await book(system, customer.accessToken, { resourceId: room.resource.id, startTime: at(20, "15:00"), endTime: at(22, "11:00") });
    await system.subgraphs.resources.db.resource.update({ where: { id: room.resource.id }, data: { name: "Suite 1", price: "999.00", currency: "USD" } });
    await system.subgraphs.resources.db.business.update({ where: { id: room.business.id }, data: { name: "New Name Hotel", timezone: "Asia/Tokyo" } });
    const read = await system.request(`query($id: ID!) { booking(id: $id) { ${BOOKING_FIELDS} } }`, { id: booking.id }, { token: customer.accessToken });
    expect(read.data.booking.snapshot).toEqual({ businessName: "Old Name Inn", resourceName: "Room 1", resourceType: "HOTEL_ROOM", priceUnit: "NIGHT", timezone: "Europe/Lisbon", unitPrice: { amount: "80.00", currency: "EUR" } });
    expect(read.data.booking.total).toEqual({ amount: "160.00", currency: "EUR" });
    expect(read.data.booking.units).toBe(2);
  });

  it("refuses anonymous callers with UNAUTHENTICATED and writes nothing", async () => {
    const room = await makeBookableResource(system);
    const before = await bookingRows();
    expect(codeOf(await createBooking(system, undefined, { resourceId: room.resource.id, startTime: at(5, "10:00"), endTime: at(5, "11:00") }))).toBe("UNAUTHENTICATED");
    expect(await bookingRows()).toBe(before);
  });

  describe("rejects bad input with BAD_USER_INPUT on the field to blame, writing nothing", () => {
    it.each([
      ["end before start", { startTime: at(5, "12:00"), endTime: at(5, "10:00") }, "endTime"],
      ["end equal to start", { startTime: at(5, "12:00"), endTime: at(5, "12:00") }, "endTime"],
      ["a start in the past", { startTime: at(-1, "10:00"), endTime: at(-1, "11:00") }, "startTime"],
      ["a start beyond two years", { startTime: at(800, "10:00"), endTime: at(800, "11:00") }, "startTime"],
      ["an end beyond two years", { startTime: at(729, "10:00"), endTime: at(732, "10:00") }, "endTime"],
      ["quantity 0", { quantity: 0 }, "quantity"],
      ["a negative quantity", { quantity: -2 }, "quantity"],
      ["a quantity above capacity", { quantity: 3 }, "quantity"],
      ["a length that is not whole hours", { startTime: at(5, "10:00"), endTime: at(5, "11:30") }, "endTime"],
      ["a start before opening time", { startTime: at(5, "08:00"), endTime: at(5, "10:00") }, "startTime"],
      ["an end after closing time", { startTime: at(5, "16:00"), endTime: at(5, "18:00") }, "endTime"],
      ["a blank idempotency key", { idempotencyKey: "   " }, "idempotencyKey"],
      ["an idempotency key of 201 characters", { idempotencyKey: "k".repeat(201) }, "idempotencyKey"],
      ["notes of 2001 characters", { notes: "n".repeat(2001) }, "notes"],
    ])("%s", async (_case, override, field) => {
      const desk = await makeBookableResource(system, { priceUnit: "HOUR", capacity: 2, openingHours: EVERY_DAY("09:00", "17:00") });
      const before = await bookingRows();
      const result = await createBooking(system, customer.accessToken, { resourceId: desk.resource.id, startTime: at(5, "10:00"), endTime: at(5, "11:00"), ...override });
      expect(failureOf(result)).toEqual({ code: "BAD_USER_INPUT", field });
      expect(await bookingRows()).toBe(before);
    });

    it("an instant without an offset, or not an instant at all", async () => {
      const desk = await makeBookableResource(system);
      for (const startTime of [`${isoDay(150)}T10:00:00`, "tomorrow at ten", `${new Date().getUTCFullYear() + 1}-02-30T10:00:00Z`]) {
        const result = await createBooking(system, customer.accessToken, { resourceId: desk.resource.id, startTime, endTime: at(5, "11:00") });
        expect(codeOf(result), startTime).toBe("BAD_USER_INPUT");
      }
    });
  });

  it("answers NOT_FOUND naming resourceId for unknown and malformed resources", async () => {
    for (const resourceId of [randomUUID(), "not-a-uuid", "", "'; DROP TABLE bookings; --"]) {
      const result = await createBooking(system, customer.accessToken, { resourceId, startTime: at(5, "10:00"), endTime: at(5, "11:00") });
      expect(failureOf(result), resourceId).toEqual({ code: "NOT_FOUND", field: "resourceId" });
    }
  });

  it("accepts an upper-case resource id as the same resource", async () => {
    const room = await makeBookableResource(system);
    const booking = await book(system, customer.accessToken, { resourceId: room.resource.id.toUpperCase(), startTime: at(6, "10:00"), endTime: at(6, "11:00") });
    const stored = await system.subgraphs.bookings.db.booking.findUniqueOrThrow({ where: { id: booking.id } });
    expect(stored.resourceId).toBe(room.resource.id);
  });

  it.each(["INACTIVE", "MAINTENANCE", "DELETED"] as const)("refuses a %s resource with RESOURCE_NOT_BOOKABLE", async (status) => {
    const room = await makeBookableResource(system, { status });
    const result = await createBooking(system, customer.accessToken, { resourceId: room.resource.id, startTime: at(5, "10:00"), endTime: at(5, "11:00") });
    expect(codeOf(result)).toBe("RESOURCE_NOT_BOOKABLE");
  });

  it.each(["PENDING", "INACTIVE", "SUSPENDED", "DELETED"] as const)("refuses a resource of a %s business with BUSINESS_NOT_ACTIVE", async (status) => {
    const room = await makeBookableResource(system, { business: { status } });
    const result = await createBooking(system, customer.accessToken, { resourceId: room.resource.id, startTime: at(5, "10:00"), endTime: at(5, "11:00") });
    expect(codeOf(result)).toBe("BUSINESS_NOT_ACTIVE");
  });

  it("computes units per price unit: DAY in 24-hour days, SLOT in slots", async () => {
    const car = await makeBookableResource(system, { priceUnit: "DAY", price: "55.50" });
    const rental = await book(system, customer.accessToken, { resourceId: car.resource.id, startTime: at(30, "09:00"), endTime: at(33, "09:00") });
    expect(rental).toMatchObject({ units: 3, total: { amount: "166.50", currency: "EUR" } });
    const chair = await makeBookableResource(system, { priceUnit: "SLOT", slotMinutes: 45, price: "30.00", openingHours: EVERY_DAY("09:00", "18:00") });
    const haircut = await book(system, customer.accessToken, { resourceId: chair.resource.id, startTime: at(30, "09:45"), endTime: at(30, "11:15") });
    expect(haircut).toMatchObject({ units: 2, total: { amount: "60.00", currency: "EUR" } });
    const misaligned = await createBooking(system, customer.accessToken, { resourceId: chair.resource.id, startTime: at(30, "10:00"), endTime: at(30, "10:45") });
    expect(failureOf(misaligned)).toEqual({ code: "BAD_USER_INPUT", field: "startTime" });
  });
});

describe("what occupies units", () => {
  it("never lets two live bookings of a single unit overlap; back to back is fine", async () => {
    const room = await makeBookableResource(system);
    await book(system, customer.accessToken, { resourceId: room.resource.id, startTime: at(7, "10:00"), endTime: at(7, "12:00") });
    for (const [start, end] of [["10:00", "12:00"], ["09:00", "11:00"], ["11:00", "13:00"], ["10:30", "11:30"], ["08:00", "14:00"]]) {
      const result = await createBooking(system, other.accessToken, { resourceId: room.resource.id, startTime: at(7, start!), endTime: at(7, end!) });
      expect(codeOf(result), `${start}-${end}`).toBe("SLOT_UNAVAILABLE");
    }
    await book(system, other.accessToken, { resourceId: room.resource.id, startTime: at(7, "12:00"), endTime: at(7, "13:00") });
    await book(system, other.accessToken, { resourceId: room.resource.id, startTime: at(7, "08:00"), endTime: at(7, "10:00") });
  });

  it("counts units at every instant for capacity N", async () => {
    const desks = await makeBookableResource(system, { capacity: 3 });
    const range = (start: string, end: string, quantity: number) => ({ resourceId: desks.resource.id, startTime: at(8, start), endTime: at(8, end), quantity });
    await book(system, customer.accessToken, range("09:00", "12:00", 2));
    await book(system, customer.accessToken, range("10:00", "11:00", 1));
    // 10:00-11:00 is full; 09:00-10:00 and 11:00-12:00 have one unit left
    expect(codeOf(await createBooking(system, other.accessToken, range("10:00", "11:00", 1)))).toBe("SLOT_UNAVAILABLE");
    expect(codeOf(await createBooking(system, other.accessToken, range("09:00", "10:00", 2)))).toBe("SLOT_UNAVAILABLE");
    await book(system, other.accessToken, range("09:00", "10:00", 1));
    await book(system, other.accessToken, range("11:00", "13:00", 1));
    // 12:00-13:00 now holds 11:00-13:00 only (09:00-12:00 ended): two units are free there
    await book(system, other.accessToken, range("12:00", "14:00", 1));
    await book(system, other.accessToken, range("12:00", "13:00", 1));
    expect(codeOf(await createBooking(system, other.accessToken, range("12:00", "13:00", 1)))).toBe("SLOT_UNAVAILABLE");
    await book(system, other.accessToken, range("13:00", "14:00", 2));
  });

  it("frees units held by CANCELLED, EXPIRED, COMPLETED and NO_SHOW bookings and by holds whose time ran out", async () => {
    const room = await makeBookableResource(system);
    const startTime = at(9, "10:00");
    const endTime = at(9, "12:00");
    const first = await book(system, customer.accessToken, { resourceId: room.resource.id, startTime, endTime });
    for (const status of ["CANCELLED", "EXPIRED", "COMPLETED", "NO_SHOW"] as const) {
      await system.subgraphs.bookings.db.booking.update({ where: { id: first.id }, data: { status, cancelledAt: status === "CANCELLED" ? new Date() : null } });
      const taken = await book(system, other.accessToken, { resourceId: room.resource.id, startTime, endTime });
      await system.subgraphs.bookings.db.booking.update({ where: { id: taken.id }, data: { status: "CANCELLED", cancelledAt: new Date() } });
    }
    // A HOLD past its time occupies nothing, even before the expiry job gets to it.
    await system.subgraphs.bookings.db.booking.update({ where: { id: first.id }, data: { status: "HOLD", cancelledAt: null, holdExpiresAt: new Date(Date.now() - 1000) } });
    await book(system, other.accessToken, { resourceId: room.resource.id, startTime, endTime });
    const expired = await system.subgraphs.bookings.db.booking.findUniqueOrThrow({ where: { id: first.id }, include: { statusChanges: true } });
    expect(expired.status).toBe("EXPIRED");
    expect(expired.statusChanges.filter((change) => change.toStatus === "EXPIRED")).toHaveLength(1);
  });

  it("refuses a range that overlaps a block, and accepts one that only touches it", async () => {
    const room = await makeBookableResource(system, { capacity: 5 });
    await blockResource(system, room, new Date(at(11, "12:00")), new Date(at(11, "14:00")));
    const before = await bookingRows();
    for (const [start, end] of [["11:00", "13:00"], ["13:00", "15:00"], ["12:30", "13:30"], ["10:00", "16:00"]]) {
      const result = await createBooking(system, customer.accessToken, { resourceId: room.resource.id, startTime: at(11, start!), endTime: at(11, end!) });
      expect(codeOf(result), `${start}-${end}`).toBe("SLOT_UNAVAILABLE");
    }
    expect(await bookingRows()).toBe(before);
    await book(system, customer.accessToken, { resourceId: room.resource.id, startTime: at(11, "10:00"), endTime: at(11, "12:00") });
    await book(system, customer.accessToken, { resourceId: room.resource.id, startTime: at(11, "14:00"), endTime: at(11, "15:00") });
  });

  it("refuses a block over a live booking (SLOT_UNAVAILABLE, nothing stored); a cancelled booking holds nothing back", async () => {
    const room = await makeBookableResource(system, { capacity: 3 });
    const booking = await book(system, customer.accessToken, { resourceId: room.resource.id, startTime: at(13, "10:00"), endTime: at(13, "11:00") });
    const block = (start: string, end: string) =>
      system.request(`mutation($r: ID!, $s: DateTime!, $e: DateTime!) { blockResource(resourceId: $r, start: $s, end: $e) { id start end } }`, { r: room.resource.id, s: at(13, start), e: at(13, end) }, { token: room.vendor.accessToken });
    expect(codeOf(await block("10:30", "12:00"))).toBe("SLOT_UNAVAILABLE");
    expect(await system.subgraphs.bookings.db.resourceBlock.count({ where: { resourceId: room.resource.id } })).toBe(0);
    expect((await block("11:00", "12:00")).data.blockResource).toMatchObject({ start: new Date(at(13, "11:00")).toISOString() });
    await system.request(`mutation($id: ID!) { cancelBooking(id: $id) { id } }`, { id: booking.id }, { token: customer.accessToken });
    expect((await block("09:00", "11:00")).errors).toBeUndefined();
  });

  it("counts bookings per resource: another resource of the business is unaffected", async () => {
    const business = await makeActiveBusiness(system, BOOKABLE_BUSINESS);
    const [one, two] = [await makeResource(system, business, { ...BOOKABLE_RESOURCE, name: "One" }), await makeResource(system, business, { ...BOOKABLE_RESOURCE, name: "Two" })];
    await book(system, customer.accessToken, { resourceId: one.resource.id, startTime: at(12, "10:00"), endTime: at(12, "11:00") });
    await book(system, customer.accessToken, { resourceId: two.resource.id, startTime: at(12, "10:00"), endTime: at(12, "11:00") });
  });
});

describe("idempotency", () => {
  it("answers a retry with the same key and input with the original booking, and stores one row", async () => {
    const room = await makeBookableResource(system);
    const input = { resourceId: room.resource.id, startTime: at(13, "10:00"), endTime: at(13, "11:00"), notes: "hi", idempotencyKey: randomUUID() };
    const first = await book(system, customer.accessToken, input);
    const again = await book(system, customer.accessToken, { ...input, notes: " hi " });
    expect(again.id).toBe(first.id);
    expect(again.bookingNumber).toBe(first.bookingNumber);
    expect(await system.subgraphs.bookings.db.booking.count({ where: { resourceId: room.resource.id } })).toBe(1);
    // still the original after it changed: a retry never books twice
    await system.subgraphs.bookings.db.booking.update({ where: { id: first.id }, data: { status: "CANCELLED", cancelledAt: new Date() } });
    expect((await book(system, customer.accessToken, input)).status).toBe("CANCELLED");
  });

  it.each([
    ["another range", { startTime: "+1h" }],
    ["another quantity", { quantity: 2 }],
    ["other notes", { notes: "different" }],
    ["another resource", { resourceId: "other" }],
  ])("refuses the same key with %s: IDEMPOTENCY_KEY_REUSED", async (_case, change) => {
    const room = await makeBookableResource(system, { capacity: 2 });
    const otherRoom = await makeBookableResource(system);
    const input = { resourceId: room.resource.id, startTime: at(14, "10:00"), endTime: at(14, "11:00"), notes: "hi", idempotencyKey: randomUUID() };
    await book(system, customer.accessToken, input);
    const changed = {
      ...input,
      ...change,
      startTime: "startTime" in change ? at(14, "09:00") : input.startTime,
      resourceId: "resourceId" in change ? otherRoom.resource.id : input.resourceId,
    };
    const result = await createBooking(system, customer.accessToken, changed);
    expect(codeOf(result)).toBe("IDEMPOTENCY_KEY_REUSED");
    expect(await system.subgraphs.bookings.db.booking.count({ where: { customerId: customer.id, idempotencyKey: input.idempotencyKey } })).toBe(1);
  });

  it("keeps keys per customer: two customers may use the same key", async () => {
    const desks = await makeBookableResource(system, { capacity: 2 });
    const input = { resourceId: desks.resource.id, startTime: at(15, "10:00"), endTime: at(15, "11:00"), idempotencyKey: "shared-key" };
    const mine = await book(system, customer.accessToken, input);
    const theirs = await book(system, other.accessToken, input);
    expect(theirs.id).not.toBe(mine.id);
  });

  it("returns the one original booking to every one of 20 simultaneous retries", async () => {
    const room = await makeBookableResource(system);
    const input = { resourceId: room.resource.id, startTime: at(16, "10:00"), endTime: at(16, "11:00"), idempotencyKey: randomUUID() };
    const results = await Promise.all(Array.from({ length: 20 }, () => createBooking(system, customer.accessToken, input)));
    expect(results.map((result) => result.errors)).toEqual(Array(20).fill(undefined));
    expect(new Set(results.map((result) => result.data.createBooking.id)).size).toBe(1);
    expect(await system.subgraphs.bookings.db.booking.count({ where: { resourceId: room.resource.id } })).toBe(1);
    expect(await system.subgraphs.bookings.db.bookingOutbox.count({ where: { bookingId: results[0]!.data.createBooking.id } })).toBe(1);
  });

  it("lets exactly one of simultaneous requests with one key and different resources win", async () => {
    const rooms = await Promise.all(Array.from({ length: 6 }, () => makeBookableResource(system)));
    const idempotencyKey = randomUUID();
    const results = await Promise.all(rooms.map((room) => createBooking(system, customer.accessToken, { resourceId: room.resource.id, startTime: at(17, "10:00"), endTime: at(17, "11:00"), idempotencyKey })));
    expect(results.filter((result) => !result.errors)).toHaveLength(1);
    expect(results.filter((result) => codeOf(result) === "IDEMPOTENCY_KEY_REUSED")).toHaveLength(5);
  });
});
