import { bookingsSubgraph } from "@booking/bookings/subgraph";
import { callInternal, signRequest, startSubgraph } from "@booking/common";
import { bookingPaymentConsumerOn } from "@booking/bookings/consumers";
import { BOOKING_FACTS_PATH, type BookingFacts } from "@booking/contracts";
import { handleDelivery, type EventEnvelope } from "@booking/events";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp, signUpAdmin, type SignedIn } from "../support/accounts.js";
import { BOOKING_FIELDS, book, contractOperation, createBooking, localTime, openBookingEvents } from "../support/bookings.js";
import { TEST_INTERNAL_SECRET } from "../support/subgraph.js";
import { startTestSupergraph, type TestSupergraph } from "../support/supergraph.js";
import { makeBookableResource, type TestResource } from "../support/factories.js";
import { failureOf, codeOf } from "../support/errors.js";
import { waitFor } from "../support/wait.js";

let system: TestSupergraph;
let customer: SignedIn;
let stranger: SignedIn;
let admin: SignedIn;
let room: TestResource;
let otherVendor: TestResource;
let day = 0;

beforeAll(async () => {
  system = await startTestSupergraph();
  [customer, stranger, admin] = await Promise.all([signUp(system, { prefix: "cust" }), signUp(system, { prefix: "stranger" }), signUpAdmin(system)]);
  room = await makeBookableResource(system, { capacity: 1 });
  otherVendor = await makeBookableResource(system);
}, 60_000);
afterAll(async () => system?.stop());

/** A fresh hour on its own day, so tests never collide on the one room. */
function nextHour() {
  day += 1;
  return { resourceId: room.resource.id, startTime: localTime("Europe/Lisbon", day, "10:00"), endTime: localTime("Europe/Lisbon", day, "11:00") };
}

const hold = () => book(system, customer.accessToken, nextHour());
const mutate = (name: string, id: string, token?: string, extra = "") =>
  system.request(`mutation($id: ID!) { ${name}(id: $id${extra}) { ${BOOKING_FIELDS} } }`, { id }, { token });
const confirm = (id: string, token = room.vendor.accessToken) => mutate("confirmBooking", id, token);
const cancel = (id: string, token: string, reason?: string) =>
  system.request(`mutation($id: ID!, $reason: String) { cancelBooking(id: $id, reason: $reason) { ${BOOKING_FIELDS} } }`, { id, reason }, { token });

/** A two-hour CONFIRMED booking that starts a moment from now, and a wait until it has started. */
async function startedBooking() {
  const startTime = new Date(Date.now() + 1_500);
  const booking = await book(system, customer.accessToken, { resourceId: room.resource.id, startTime: startTime.toISOString(), endTime: new Date(startTime.getTime() + 2 * 3600_000).toISOString() });
  expect((await confirm(booking.id)).errors).toBeUndefined();
  return { booking, started: () => waitFor(async () => Date.now() > startTime.getTime() + 50, 5_000, "the booking's start") };
}

describe("confirmBooking", () => {
  it("lets the business owner confirm a HOLD, appending history and an event", async () => {
    const booking = await hold();
    const result = await confirm(booking.id);
    expect(result.errors).toBeUndefined();
    expect(result.data.confirmBooking).toMatchObject({ id: booking.id, status: "CONFIRMED", holdExpiresAt: booking.holdExpiresAt });
    expect(result.data.confirmBooking.history.map((change: { from: string | null; to: string }) => [change.from, change.to])).toEqual([
      [null, "HOLD"],
      ["HOLD", "CONFIRMED"],
    ]);
    const events = await system.subgraphs.bookings.db.bookingOutbox.findMany({ where: { bookingId: booking.id }, orderBy: { id: "asc" } });
    expect(events.map((event) => event.eventType)).toEqual(["CREATED", "CONFIRMED"]);
    expect(codeOf((await contractOperation(system, "bookings.graphql", "ConfirmBooking", { id: booking.id }, room.vendor.accessToken)))).toBe("INVALID_STATE");
  });

  it("refuses the customer and admins (FORBIDDEN), hides the booking from strangers (NOT_FOUND), asks anonymous callers to sign in", async () => {
    const booking = await hold();
    expect(codeOf(await confirm(booking.id, customer.accessToken))).toBe("FORBIDDEN");
    expect(codeOf(await confirm(booking.id, admin.accessToken))).toBe("FORBIDDEN");
    expect(codeOf(await confirm(booking.id, stranger.accessToken))).toBe("NOT_FOUND");
    expect(codeOf(await confirm(booking.id, otherVendor.vendor.accessToken))).toBe("NOT_FOUND");
    expect(codeOf(await mutate("confirmBooking", booking.id))).toBe("UNAUTHENTICATED");
    const stored = await system.subgraphs.bookings.db.booking.findUniqueOrThrow({ where: { id: booking.id } });
    expect(stored.status).toBe("HOLD");
  });

  it("refuses a HOLD whose time ran out with HOLD_EXPIRED (before it shows EXPIRED), and a cancelled booking with INVALID_STATE", async () => {
    const overdue = await hold();
    await system.subgraphs.bookings.db.booking.update({ where: { id: overdue.id }, data: { holdExpiresAt: new Date(Date.now() - 1) } });
    expect(codeOf(await confirm(overdue.id))).toBe("HOLD_EXPIRED");
    expect((await system.subgraphs.bookings.db.booking.findUniqueOrThrow({ where: { id: overdue.id } })).status).not.toBe("CONFIRMED");
    const cancelled = await hold();
    expect((await cancel(cancelled.id, customer.accessToken)).errors).toBeUndefined();
    expect(codeOf(await confirm(cancelled.id))).toBe("INVALID_STATE");
  });

  it("lets exactly one of ten simultaneous confirmations win", async () => {
    const booking = await hold();
    const results = await Promise.all(Array.from({ length: 10 }, () => confirm(booking.id)));
    expect(results.filter((result) => !result.errors)).toHaveLength(1);
    expect(results.filter((result) => codeOf(result) === "INVALID_STATE")).toHaveLength(9);
    expect(await system.subgraphs.bookings.db.bookingStatusChange.count({ where: { bookingId: booking.id, toStatus: "CONFIRMED" } })).toBe(1);
    expect(await system.subgraphs.bookings.db.bookingOutbox.count({ where: { bookingId: booking.id, eventType: "CONFIRMED" } })).toBe(1);
  });
});

describe("cancelBooking", () => {
  it("lets the customer cancel their own booking with a reason, which frees the units", async () => {
    const booking = await hold();
    const result = await contractOperation(system, "bookings.graphql", "CancelBooking", { id: booking.id, reason: "  plans changed  " }, customer.accessToken);
    expect(result.errors).toBeUndefined();
    const cancelled = result.data.cancelBooking;
    expect(cancelled).toMatchObject({ status: "CANCELLED", cancelReason: "plans changed", cancelledBy: "CUSTOMER" });
    expect(Date.parse(cancelled.cancelledAt)).toBeGreaterThan(Date.now() - 10_000);
    expect(cancelled.history.at(-1)).toMatchObject({ from: "HOLD", to: "CANCELLED", reason: "plans changed" });
    await book(system, stranger.accessToken, { resourceId: room.resource.id, startTime: booking.startTime, endTime: booking.endTime });
  });

  it("records who cancelled: the vendor, or an admin", async () => {
    const byVendor = await hold();
    await confirm(byVendor.id);
    expect((await cancel(byVendor.id, room.vendor.accessToken)).data.cancelBooking).toMatchObject({ status: "CANCELLED", cancelledBy: "VENDOR", cancelReason: null });
    const byAdmin = await hold();
    expect((await cancel(byAdmin.id, admin.accessToken, "fraud")).data.cancelBooking).toMatchObject({ status: "CANCELLED", cancelledBy: "ADMIN", cancelReason: "fraud" });
  });

  it("hides the booking from strangers, refuses a second cancellation, and bounds the reason", async () => {
    const booking = await hold();
    expect(codeOf(await cancel(booking.id, stranger.accessToken))).toBe("NOT_FOUND");
    expect(codeOf(await cancel(booking.id, otherVendor.vendor.accessToken))).toBe("NOT_FOUND");
    expect(failureOf(await cancel(booking.id, customer.accessToken, "x".repeat(501)))).toEqual({ code: "BAD_USER_INPUT", field: "reason" });
    expect((await cancel(booking.id, customer.accessToken)).errors).toBeUndefined();
    expect(codeOf(await cancel(booking.id, customer.accessToken))).toBe("INVALID_STATE");
    expect(codeOf(await cancel(booking.id, admin.accessToken))).toBe("INVALID_STATE");
  });

  it("keeps one consistent history when cancel and confirm race", async () => {
    for (let round = 0; round < 5; round += 1) {
      const booking = await hold();
      const results = await Promise.all([cancel(booking.id, customer.accessToken), confirm(booking.id)]);
      expect(results[0].errors, JSON.stringify(results)).toBeUndefined();
      const history = await system.subgraphs.bookings.db.bookingStatusChange.findMany({ where: { bookingId: booking.id }, orderBy: [{ at: "asc" }, { id: "asc" }] });
      const stored = await system.subgraphs.bookings.db.booking.findUniqueOrThrow({ where: { id: booking.id } });
      expect(stored.status).toBe("CANCELLED");
      for (let index = 1; index < history.length; index += 1) expect(history[index]!.fromStatus).toBe(history[index - 1]!.toStatus);
      expect(history.at(-1)!.toStatus).toBe("CANCELLED");
    }
  });
});

describe("completeBooking and markNoShow", () => {
  it("refuse before the start, then move a CONFIRMED booking on once it has started", async () => {
    const first = await startedBooking();
    expect(codeOf(await mutate("completeBooking", first.booking.id, room.vendor.accessToken))).toBe("INVALID_STATE");
    await first.started();
    expect(codeOf(await mutate("completeBooking", first.booking.id, customer.accessToken))).toBe("FORBIDDEN");
    expect(codeOf(await mutate("completeBooking", first.booking.id, admin.accessToken))).toBe("FORBIDDEN");
    expect(codeOf(await mutate("completeBooking", first.booking.id, stranger.accessToken))).toBe("NOT_FOUND");
    const completed = await contractOperation(system, "bookings.graphql", "CompleteBooking", { id: first.booking.id }, room.vendor.accessToken);
    expect(completed.data.completeBooking).toEqual({ id: first.booking.id, status: "COMPLETED" });
    expect(codeOf(await mutate("markNoShow", first.booking.id, room.vendor.accessToken))).toBe("INVALID_STATE");
    expect(codeOf(await cancel(first.booking.id, customer.accessToken))).toBe("INVALID_STATE");
    // a completed booking frees the rest of its range
    const secondHour = new Date(Date.parse(first.booking.startTime) + 3600_000).toISOString();
    const rest = await book(system, stranger.accessToken, { resourceId: room.resource.id, startTime: secondHour, endTime: first.booking.endTime });
    expect(rest.status).toBe("HOLD");
    await cancel(rest.id, stranger.accessToken);

    const second = await startedBooking();
    await second.started();
    const noShow = await contractOperation(system, "bookings.graphql", "MarkNoShow", { id: second.booking.id }, room.vendor.accessToken);
    expect(noShow.data.markNoShow).toEqual({ id: second.booking.id, status: "NO_SHOW" });
    expect(codeOf(await mutate("completeBooking", second.booking.id, room.vendor.accessToken))).toBe("INVALID_STATE");
  });

  it("refuse a HOLD: only CONFIRMED bookings complete", async () => {
    const booking = await hold();
    expect(codeOf(await mutate("completeBooking", booking.id, room.vendor.accessToken))).toBe("INVALID_STATE");
    expect(codeOf(await mutate("markNoShow", booking.id, room.vendor.accessToken))).toBe("INVALID_STATE");
  });
});

describe("reading bookings", () => {
  it("shows a booking to its customer, the business owner and admins; strangers get NOT_FOUND", async () => {
    const booking = await hold();
    for (const token of [customer.accessToken, room.vendor.accessToken, admin.accessToken]) {
      const result = await contractOperation(system, "bookings.graphql", "Booking", { id: booking.id }, token);
      expect(result.errors).toBeUndefined();
      expect(result.data.booking).toMatchObject({ id: booking.id, bookingNumber: booking.bookingNumber, customer: { id: customer.id }, resource: { id: room.resource.id }, business: { id: room.business.id } });
    }
    expect(codeOf(await contractOperation(system, "bookings.graphql", "Booking", { id: booking.id }, stranger.accessToken))).toBe("NOT_FOUND");
    expect(codeOf(await contractOperation(system, "bookings.graphql", "Booking", { id: booking.id }))).toBe("UNAUTHENTICATED");
  });

  it("lists a customer's own bookings, filtered by status", async () => {
    const mine = await signUp(system, { prefix: "lister" });
    const made = [];
    for (let index = 0; index < 3; index += 1) made.push(await book(system, mine.accessToken, nextHour()));
    await cancel(made[1]!.id, mine.accessToken);
    const all = await contractOperation(system, "bookings.graphql", "MyBookings", { first: 10 }, mine.accessToken);
    expect(all.data.me.bookings.totalCount).toBe(3);
    expect(all.data.me.bookings.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual(made.map((booking) => booking.id));
    const held = await contractOperation(system, "bookings.graphql", "MyBookings", { first: 10, status: "HOLD" }, mine.accessToken);
    expect(held.data.me.bookings.totalCount).toBe(2);
  });

  it("lists a business's bookings with the customers' contacts for its owner only", async () => {
    const booking = await hold();
    const result = await contractOperation(system, "bookings.graphql", "VendorBookings", { businessId: room.business.id, first: 100, from: booking.startTime, to: booking.endTime }, room.vendor.accessToken);
    expect(result.errors).toBeUndefined();
    expect(result.data.business.bookings.edges.map((edge: { node: unknown }) => edge.node)).toEqual([
      expect.objectContaining({ id: booking.id, contact: { name: expect.any(String), email: customer.email, phone: null }, resource: { id: room.resource.id, name: "Room 101", type: "HOTEL_ROOM" } }),
    ]);
    const asOther = await contractOperation(system, "bookings.graphql", "VendorBookings", { businessId: room.business.id, first: 10 }, otherVendor.vendor.accessToken);
    expect(codeOf(asOther)).toBe("FORBIDDEN");
  });
});

describe("the booking event stream", () => {
  const streamUrl = () => new URL("/internal/booking-events", system.subgraphs.bookings.url);

  it("refuses unsigned and stale requests and a malformed cursor", async () => {
    expect((await fetch(streamUrl())).status).toBe(401);
    const stale = signRequest(TEST_INTERNAL_SECRET, { audience: "bookings", method: "GET", url: streamUrl() }, "", { viewer: null, clientIp: null }, Date.now() - 120_000);
    expect((await fetch(streamUrl(), { headers: stale })).status).toBe(401);
    const url = streamUrl();
    url.searchParams.set("after", "abc");
    expect((await fetch(url, { headers: signRequest(TEST_INTERNAL_SECRET, { audience: "bookings", method: "GET", url }, "", { viewer: null, clientIp: null }) })).status).toBe(400);
  });

  it("pushes every change within a second, in order, and replays from a cursor", async () => {
    const live = await openBookingEvents(system.subgraphs.bookings.url);
    try {
      const booking = await hold();
      const created = await live.next((event) => event.bookingId === booking.id && event.type === "CREATED");
      expect(created).toEqual({ id: expect.stringMatching(/^\d+$/), type: "CREATED", bookingId: booking.id, businessId: room.business.id, customerId: customer.id, at: booking.createdAt });
      await confirm(booking.id);
      const confirmed = await live.next((event) => event.bookingId === booking.id && event.type === "CONFIRMED");
      await cancel(booking.id, customer.accessToken);
      const cancelled = await live.next((event) => event.bookingId === booking.id && event.type === "CANCELLED");
      expect(BigInt(created.id) < BigInt(confirmed.id) && BigInt(confirmed.id) < BigInt(cancelled.id)).toBe(true);
      const ids = live.events.map((event) => BigInt(event.id));
      expect([...ids].sort((a, b) => (a < b ? -1 : 1))).toEqual(ids);

      const replay = await openBookingEvents(system.subgraphs.bookings.url, created.id);
      try {
        await replay.next((event) => event.id === cancelled.id);
        expect(replay.events.filter((event) => event.bookingId === booking.id).map((event) => event.type)).toEqual(["CONFIRMED", "CANCELLED"]);
      } finally {
        replay.close();
      }
    } finally {
      live.close();
    }
  });

  it("reaches a router connected to another bookings instance (LISTEN/NOTIFY across instances)", async () => {
    const second = await startSubgraph(bookingsSubgraph, {
      databaseUrl: system.subgraphs.bookings.databaseUrl,
      port: 0,
      production: false,
      internalSecret: TEST_INTERNAL_SECRET,
      migrate: false,
      poolSize: 2,
      env: { NODE_ENV: "test" },
    });
    const stream = await openBookingEvents(second.url);
    try {
      const booking = await hold();
      await stream.next((event) => event.bookingId === booking.id && event.type === "CREATED");
    } finally {
      stream.close();
      await second.stop();
    }
  });

  it("does not publish a change that was refused", async () => {
    const live = await openBookingEvents(system.subgraphs.bookings.url);
    try {
      const booking = await hold();
      await live.next((event) => event.bookingId === booking.id);
      const refused = await createBooking(system, stranger.accessToken, { resourceId: room.resource.id, startTime: booking.startTime, endTime: booking.endTime });
      expect(codeOf(refused)).toBe("SLOT_UNAVAILABLE");
      await confirm(booking.id, customer.accessToken);
      const marker = await hold();
      await live.next((event) => event.bookingId === marker.id);
      expect(live.events.filter((event) => event.bookingId === booking.id).map((event) => event.type)).toEqual(["CREATED"]);
    } finally {
      live.close();
    }
  });
});

describe("what payments asks of bookings, and its payments' successes", () => {
  const facts = (bookingId: string) => callInternal<BookingFacts>(system.subgraphs.bookings.url, BOOKING_FACTS_PATH, { bookingId }, { audience: "bookings", internalSecret: TEST_INTERNAL_SECRET });
  /** A payment's success as payments publishes it; delivered as the backbone would deliver it. */
  const paymentSucceeded = (booking: { id: string; total: { amount: string } }): EventEnvelope<any> => ({
    id: randomUUID(),
    type: "payment.succeeded",
    source: "payments",
    occurredAt: new Date().toISOString(),
    payload: { paymentId: randomUUID(), bookingId: booking.id, customerId: customer.id, amount: booking.total.amount, currency: "EUR" },
  });
  const deliver = (event: EventEnvelope) => handleDelivery(bookingPaymentConsumerOn(system.subgraphs.bookings.db), { event, attempt: 1, maxAttempts: 8 });
  const published = async (bookingId: string) =>
    system.subgraphs.bookings.db.$queryRaw<{ type: string; payload: any }[]>`
      SELECT type, payload FROM events.event_outbox WHERE payload->>'bookingId' = ${bookingId} ORDER BY position`;
  const eventsOf = async (bookingId: string) => (await system.subgraphs.bookings.db.bookingOutbox.findMany({ where: { bookingId }, orderBy: { id: "asc" } })).map((event) => event.eventType);

  it("tells the amount, the currency and the cancellation policy frozen at booking time", async () => {
    const suite = await makeBookableResource(system, { price: "120.50", currency: "USD", freeCancellationHours: 48 });
    const booking = await book(system, customer.accessToken, { resourceId: suite.resource.id, startTime: localTime("Europe/Lisbon", 40, "10:00"), endTime: localTime("Europe/Lisbon", 40, "12:00") });
    await system.subgraphs.resources.db.resource.update({ where: { id: suite.resource.id }, data: { freeCancellationHours: 0 } });
    expect(await facts(booking.id)).toEqual({
      id: booking.id,
      bookingNumber: booking.bookingNumber,
      status: "HOLD",
      customerId: customer.id,
      businessId: suite.business.id,
      businessOwnerId: suite.vendor.id,
      resourceId: suite.resource.id,
      startTime: booking.startTime,
      endTime: booking.endTime,
      holdExpiresAt: booking.holdExpiresAt,
      cancelledAt: null,
      total: "241.00",
      currency: "USD",
      freeCancellationHours: 48,
    });
    expect(await facts("00000000-0000-0000-0000-000000000000")).toBeNull();
    expect(await facts("nope")).toBeNull();
    const unsigned = await fetch(new URL(BOOKING_FACTS_PATH, system.subgraphs.bookings.url), { method: "POST", body: JSON.stringify({ bookingId: booking.id }) });
    expect(unsigned.status).toBe(401);
  });

  it("confirms a HOLD when its payment's success arrives, publishing PAYMENT_UPDATED then CONFIRMED and booking.confirmed, once", async () => {
    const booking = await hold();
    const event = paymentSucceeded(booking);
    expect(await deliver(event)).toBe("handled");
    expect(await eventsOf(booking.id)).toEqual(["CREATED", "PAYMENT_UPDATED", "CONFIRMED"]);
    const history = await system.subgraphs.bookings.db.bookingStatusChange.findMany({ where: { bookingId: booking.id }, orderBy: { position: "asc" } });
    expect(history.at(-1)).toMatchObject({ fromStatus: "HOLD", toStatus: "CONFIRMED", reason: "Paid" });
    expect(await published(booking.id)).toEqual([{ type: "booking.confirmed", payload: expect.objectContaining({ bookingId: booking.id, bookingNumber: booking.bookingNumber, paymentId: event.payload.paymentId, customerId: customer.id }) }]);
    // delivered again: acknowledged, nothing more
    expect(await deliver(event)).toBe("duplicate");
    expect(await system.subgraphs.bookings.db.bookingStatusChange.count({ where: { bookingId: booking.id, toStatus: "CONFIRMED" } })).toBe(1);
  });

  it("leaves a booking whose hold ran out, or that was cancelled, as it is, and rejects the payment for payments to refund", async () => {
    const overdue = await hold();
    await system.subgraphs.bookings.db.booking.update({ where: { id: overdue.id }, data: { holdExpiresAt: new Date(Date.now() - 1) } });
    const late = paymentSucceeded(overdue);
    expect(await deliver(late)).toBe("handled");
    expect((await facts(overdue.id))?.status).not.toBe("CONFIRMED");
    expect(await published(overdue.id)).toEqual([{ type: "booking.payment_rejected", payload: { paymentId: late.payload.paymentId, bookingId: overdue.id, bookingStatus: expect.stringMatching(/^(HOLD|EXPIRED)$/), reason: "HOLD_EXPIRED" } }]);
    const cancelled = await hold();
    await cancel(cancelled.id, customer.accessToken);
    expect(await deliver(paymentSucceeded(cancelled))).toBe("handled");
    expect((await facts(cancelled.id))?.status).toBe("CANCELLED");
    expect((await published(cancelled.id)).map((event) => event.type)).toEqual(["booking.cancelled", "booking.payment_rejected"]);
  });
});
