import { bookingsSubgraph } from "@booking/bookings/subgraph";
import { startSubgraph, type RunningSubgraph } from "@booking/common";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp, type SignedIn } from "../support/accounts.js";
import { book, localTime, openBookingEvents } from "../support/bookings.js";
import { TEST_INTERNAL_SECRET } from "../support/subgraph.js";
import { startTestSupergraph, type TestSupergraph } from "../support/supergraph.js";
import { makeBookableResource, type TestResource } from "../support/factories.js";
import { codeOf } from "../support/errors.js";
import { waitFor } from "../support/wait.js";

const HOLD_SECONDS = 2;

let system: TestSupergraph;
let secondInstance: RunningSubgraph<unknown>;
let customer: SignedIn;
let other: SignedIn;
let room: TestResource;

beforeAll(async () => {
  system = await startTestSupergraph({ env: { BOOKING_HOLD_SECONDS: String(HOLD_SECONDS) } });
  // A second bookings instance on the same database: two expiry jobs sweep at once.
  secondInstance = await startSubgraph(bookingsSubgraph, {
    databaseUrl: system.subgraphs.bookings.databaseUrl,
    port: 0,
    production: false,
    internalSecret: TEST_INTERNAL_SECRET,
    migrate: false,
    poolSize: 2,
    env: { NODE_ENV: "test", BOOKING_HOLD_SECONDS: String(HOLD_SECONDS) },
  });
  [customer, other] = await Promise.all([signUp(system, { prefix: "cust" }), signUp(system, { prefix: "other" })]);
  room = await makeBookableResource(system, { capacity: 1 });
}, 60_000);
afterAll(async () => {
  await secondInstance?.stop();
  await system?.stop();
});

const at = (days: number, time: string) => localTime("Europe/Lisbon", days, time);
const statusOf = async (id: string) => (await system.subgraphs.bookings.db.booking.findUniqueOrThrow({ where: { id } })).status;

describe("hold expiry", () => {
  it("expires a HOLD on time (BOOKING_HOLD_SECONDS), records it, publishes it, and frees the units", async () => {
    const events = await openBookingEvents(system.subgraphs.bookings.url);
    try {
      const booking = await book(system, customer.accessToken, { resourceId: room.resource.id, startTime: at(3, "10:00"), endTime: at(3, "11:00") });
      expect(Date.parse(booking.holdExpiresAt) - Date.parse(booking.createdAt)).toBe(HOLD_SECONDS * 1000);
      // held: nobody else gets the room
      expect(codeOf(await system.request(`mutation($input: CreateBookingInput!) { createBooking(input: $input) { id } }`, { input: { resourceId: room.resource.id, startTime: booking.startTime, endTime: booking.endTime, idempotencyKey: "early" } }, { token: other.accessToken }))).toBe("SLOT_UNAVAILABLE");

      const expired = await events.next((event) => event.bookingId === booking.id && event.type === "EXPIRED", 5_000);
      const read = await system.request(`query($id: ID!) { booking(id: $id) { status holdExpiresAt history { from to at reason } } }`, { id: booking.id }, { token: customer.accessToken });
      expect(read.data.booking.status).toBe("EXPIRED");
      const expiry = read.data.booking.history.at(-1);
      expect(expiry).toMatchObject({ from: "HOLD", to: "EXPIRED" });
      const lateness = Date.parse(expiry.at) - Date.parse(booking.holdExpiresAt);
      console.log(`hold expired ${lateness} ms after holdExpiresAt; the event was stamped ${Date.parse(expired.at) - Date.parse(booking.holdExpiresAt)} ms after`);
      expect(lateness).toBeGreaterThanOrEqual(0);
      expect(lateness).toBeLessThan(1_200);

      const taken = await book(system, other.accessToken, { resourceId: room.resource.id, startTime: booking.startTime, endTime: booking.endTime });
      expect(taken.status).toBe("HOLD");
      expect(codeOf(await system.request(`mutation($id: ID!) { confirmBooking(id: $id) { id } }`, { id: booking.id }, { token: room.vendor.accessToken }))).toBe("INVALID_STATE");
    } finally {
      events.close();
    }
  });

  it("expires each of many holds exactly once while two instances sweep", async () => {
    const rooms = await Promise.all(Array.from({ length: 3 }, () => makeBookableResource(system, { capacity: 10 })));
    const bookings = await Promise.all(
      Array.from({ length: 30 }, (_, index) => book(system, index % 2 ? customer.accessToken : other.accessToken, { resourceId: rooms[index % 3]!.resource.id, startTime: at(4 + (index % 5), "10:00"), endTime: at(4 + (index % 5), "12:00") })),
    );
    const ids = bookings.map((booking) => booking.id);
    await waitFor(async () => (await system.subgraphs.bookings.db.booking.count({ where: { id: { in: ids }, status: "EXPIRED" } })) === ids.length, 8_000, "every hold to expire");
    const history = await system.subgraphs.bookings.db.bookingStatusChange.groupBy({ by: ["bookingId"], where: { bookingId: { in: ids }, toStatus: "EXPIRED" }, _count: true });
    expect(history.map((row) => row._count)).toEqual(Array(ids.length).fill(1));
    const events = await system.subgraphs.bookings.db.bookingOutbox.groupBy({ by: ["bookingId"], where: { bookingId: { in: ids }, eventType: "EXPIRED" }, _count: true });
    expect(events.map((row) => row._count)).toEqual(Array(ids.length).fill(1));
  });

  it("leaves confirmed and cancelled bookings alone", async () => {
    const confirmed = await book(system, customer.accessToken, { resourceId: room.resource.id, startTime: at(10, "10:00"), endTime: at(10, "11:00") });
    await system.request(`mutation($id: ID!) { confirmBooking(id: $id) { id } }`, { id: confirmed.id }, { token: room.vendor.accessToken });
    const cancelled = await book(system, customer.accessToken, { resourceId: room.resource.id, startTime: at(11, "10:00"), endTime: at(11, "11:00") });
    await system.request(`mutation($id: ID!) { cancelBooking(id: $id) { id } }`, { id: cancelled.id }, { token: customer.accessToken });
    const marker = await book(system, customer.accessToken, { resourceId: room.resource.id, startTime: at(12, "10:00"), endTime: at(12, "11:00") });
    await waitFor(async () => (await statusOf(marker.id)) === "EXPIRED", 5_000, "a later hold to expire");
    expect(await statusOf(confirmed.id)).toBe("CONFIRMED");
    expect(await statusOf(cancelled.id)).toBe("CANCELLED");
  });
});
