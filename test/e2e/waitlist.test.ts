import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { mailsTo as deliveredMailsTo, signUp, type SignedIn } from "../support/accounts.js";
import { book, contractOperation, createBooking } from "../support/bookings.js";
import { BLOCK_RESOURCE, SET_BUSINESS_STATUS, SET_RESOURCE_STATUS, UNBLOCK_RESOURCE, UPDATE_RESOURCE, ok } from "../support/catalog.js";
import { codeOf, failureOf } from "../support/errors.js";
import { makeBookableResource, theAdmin, type TestResource } from "../support/factories.js";
import { startTestSupergraph, type TestSupergraph } from "../support/supergraph.js";
import { daysFromNow, plusMinutes } from "../support/time.js";
import { waitFor } from "../support/wait.js";
import { collect, openWebSocket } from "../support/websocket.js";

// The waitlist end to end through the router: the contract's operations (schema/operations/
// waitlist.graphql), every trigger that frees units, the holds limit, and the race with createBooking.

const MAX_HOLDS = 3;

let system: TestSupergraph;
/** Who takes the units first, fresh in each test so its HOLDs never reach the limit. */
let holder: SignedIn;

beforeAll(async () => {
  system = await startTestSupergraph({ env: { MAX_HOLDS_PER_CUSTOMER: String(MAX_HOLDS) } });
}, 60_000);
beforeEach(async () => {
  holder = await signUp(system, { prefix: "holder" });
});
afterAll(async () => system?.stop());

interface Range {
  startTime: string;
  endTime: string;
}

/** [day +days at hour, + hours) in UTC: a range of the HOUR-priced test resources (always open). */
function range(days: number, hour: number, hours = 1): Range {
  const start = daysFromNow(days, hour);
  return { startTime: start.toISOString(), endTime: plusMinutes(start, hours * 60).toISOString() };
}

let keys = 0;
function join(customer: SignedIn, resource: TestResource, at: Range, extra: { quantity?: number; idempotencyKey?: string } = {}) {
  keys += 1;
  const input = { resourceId: resource.resource.id, ...at, idempotencyKey: `wait-${keys}`, ...extra };
  return contractOperation(system, "waitlist.graphql", "JoinWaitlist", { input }, customer.accessToken);
}

/** joinWaitlist that must succeed; returns the entry. */
async function joined(customer: SignedIn, resource: TestResource, at: Range, extra: { quantity?: number } = {}) {
  const result = await join(customer, resource, at, extra);
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  return result.data.joinWaitlist;
}

function leave(customer: SignedIn, id: string) {
  return contractOperation(system, "waitlist.graphql", "LeaveWaitlist", { id }, customer.accessToken);
}

/** The customer's entries as MyWaitlist shows them, newest first. */
async function myWaitlist(customer: SignedIn, status?: string): Promise<any[]> {
  const result = await contractOperation(system, "waitlist.graphql", "MyWaitlist", status ? { status } : {}, customer.accessToken);
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  return result.data.me.waitlist;
}

async function entry(customer: SignedIn, id: string): Promise<any> {
  return (await myWaitlist(customer)).find((row) => row.id === id);
}

/**
 * The entry's status alone: while a resource is not ACTIVE, resources hides it from customers and
 * the contract's `resource { name }` cannot resolve (as for Booking.resource).
 */
async function statusOf(customer: SignedIn, id: string): Promise<string | undefined> {
  const result = await system.request(`query { me { waitlist { id status } } }`, {}, { token: customer.accessToken });
  return (result.data.me.waitlist as { id: string; status: string }[]).find((row) => row.id === id)?.status;
}

/** Waits until the customer's entry is OFFERED; returns it. */
function offered(customer: SignedIn, id: string, what = "the offer"): Promise<any> {
  return waitFor(async () => {
    const row = await entry(customer, id);
    return row?.status === "OFFERED" && row;
  }, 10_000, what);
}

function cancel(token: string, bookingId: string) {
  return system.request(`mutation($id: ID!) { cancelBooking(id: $id) { id status } }`, { id: bookingId }, { token });
}

const mailsTo = (email: string, subject: RegExp) => deliveredMailsTo(system, email, subject);

/** The most units live (HOLD or CONFIRMED, not run out) rows of a resource take at once, from the stored rows. */
async function peakStoredUnits(resourceId: string): Promise<number> {
  const [row] = await system.subgraphs.bookings.db.$queryRaw<{ peak: number }[]>`
    SELECT coalesce(max(used), 0)::int AS peak FROM (
      SELECT b.id, sum(o.quantity) AS used
      FROM bookings b
      JOIN bookings o ON o.resource_id = b.resource_id
        AND (o.status = 'CONFIRMED' OR (o.status = 'HOLD' AND o.hold_expires_at > now()))
        AND tstzrange(o.start_time, o.end_time) @> b.start_time
      WHERE b.resource_id = ${resourceId}::uuid AND (b.status = 'CONFIRMED' OR (b.status = 'HOLD' AND b.hold_expires_at > now()))
      GROUP BY b.id
    ) starts`;
  return row!.peak;
}

describe("joining", () => {
  it("checks its input as createBooking does, with the same codes and fields", async () => {
    const customer = await signUp(system);
    const room = await makeBookableResource(system, { capacity: 2 });
    const at = range(20, 10);
    expect(failureOf(await join(customer, room, { startTime: at.endTime, endTime: at.startTime }))).toEqual({ code: "BAD_USER_INPUT", field: "endTime" });
    expect(failureOf(await join(customer, room, at, { quantity: 0 }))).toEqual({ code: "BAD_USER_INPUT", field: "quantity" });
    expect(failureOf(await join(customer, room, at, { quantity: 3 }))).toEqual({ code: "BAD_USER_INPUT", field: "quantity" });
    expect(failureOf(await join(customer, room, range(-1, 10)))).toEqual({ code: "BAD_USER_INPUT", field: "startTime" });
    expect(failureOf(await join(customer, room, at, { idempotencyKey: " " }))).toEqual({ code: "BAD_USER_INPUT", field: "idempotencyKey" });
    expect(codeOf(await join(customer, { ...room, resource: { ...room.resource, id: "00000000-0000-4000-8000-000000000000" } }, at))).toBe("NOT_FOUND");
    const closed = await makeBookableResource(system, { business: { status: "INACTIVE" } });
    expect(codeOf(await join(customer, closed, at))).toBe("BUSINESS_NOT_ACTIVE");
    const paused = await makeBookableResource(system, { status: "INACTIVE" });
    expect(codeOf(await join(customer, paused, at))).toBe("RESOURCE_NOT_BOOKABLE");
    expect(codeOf(await contractOperation(system, "waitlist.graphql", "JoinWaitlist", { input: { resourceId: room.resource.id, ...at, idempotencyKey: "anon" } }))).toBe("UNAUTHENTICATED");
    // nothing of that was stored
    expect(await myWaitlist(customer)).toEqual([]);
  });

  it("is OFFERED at once with a HOLD when the units are free, WAITING when they are not; idempotent per customer and key", async () => {
    const [customer, second] = await Promise.all([signUp(system), signUp(system)]);
    const room = await makeBookableResource(system, { capacity: 1 });
    const at = range(21, 10);
    const input = { resourceId: room.resource.id, ...at, idempotencyKey: "join-once" };
    const first = await contractOperation(system, "waitlist.graphql", "JoinWaitlist", { input }, customer.accessToken);
    expect(first.errors).toBeUndefined();
    expect(first.data.joinWaitlist).toMatchObject({ status: "OFFERED", position: null, quantity: 1, resource: { id: room.resource.id, name: room.resource.name }, booking: { status: "HOLD", total: { amount: "40.00", currency: "EUR" } } });
    // the same key and input: the same entry, no second hold
    const again = await contractOperation(system, "waitlist.graphql", "JoinWaitlist", { input }, customer.accessToken);
    expect(again.data.joinWaitlist).toEqual(first.data.joinWaitlist);
    expect(codeOf(await contractOperation(system, "waitlist.graphql", "JoinWaitlist", { input: { ...input, quantity: 2 } }, customer.accessToken))).toBe("IDEMPOTENCY_KEY_REUSED");
    // the room is held now: the next one waits, first in line
    const waiting = await joined(second, room, at);
    expect(waiting).toMatchObject({ status: "WAITING", position: 1, booking: null, startTime: at.startTime, endTime: at.endTime });
    expect(await system.subgraphs.bookings.db.booking.count({ where: { resourceId: room.resource.id } })).toBe(1);
  });
});

describe("serving the line", () => {
  it("offers freed units in join order, as a HOLD with a CREATED event and a mail", async () => {
    const room = await makeBookableResource(system, { capacity: 1 });
    const at = range(22, 10);
    const taken = await book(system, holder.accessToken, { resourceId: room.resource.id, ...at });
    const [first, second, third] = await Promise.all([signUp(system, { prefix: "first" }), signUp(system, { prefix: "second" }), signUp(system, { prefix: "third" })]);
    const entries = [];
    for (const customer of [first, second, third]) entries.push(await joined(customer, room, at));
    expect(entries.map((row) => [row.status, row.position])).toEqual([["WAITING", 1], ["WAITING", 2], ["WAITING", 3]]);

    const socket = openWebSocket(system.router.url, first.accessToken);
    await socket.connected;
    const mine = collect(socket.client, `subscription { myBookingEvents { type booking { id status resource { id } } } }`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    try {
      expect((await cancel(holder.accessToken, taken.id)).errors).toBeUndefined();
      // the offer was made in the cancelling transaction: it is there as soon as cancelBooking answers
      const offer = await entry(first, entries[0].id);
      expect(offer).toMatchObject({ status: "OFFERED", position: null, booking: { status: "HOLD" } });
      expect(Date.parse(offer.booking.holdExpiresAt) - Date.now()).toBeGreaterThan(800_000);
      expect((await entry(second, entries[1].id)).position).toBe(1);
      expect((await entry(third, entries[2].id)).position).toBe(2);
      // a normal HOLD: the CREATED event on the customer's stream, and the mail
      await waitFor(() => mine.results.length >= 1, 5_000, "the CREATED event");
      expect(mine.results[0]!.data.myBookingEvents).toEqual({ type: "CREATED", booking: { id: offer.booking.id, status: "HOLD", resource: { id: room.resource.id } } });
      const [mail] = await waitFor(async () => {
        const mails = await mailsTo(first.email, /held for you/);
        return mails.length > 0 && mails;
      }, 10_000, "the offer mail");
      const { bookingNumber } = await system.subgraphs.bookings.db.booking.findUniqueOrThrow({ where: { id: offer.booking.id } });
      expect(mail!.subject).toContain(bookingNumber);
      expect(await mailsTo(second.email, /held for you/)).toEqual([]);
    } finally {
      await socket.client.dispose();
    }
  });

  it("does not let an entry that does not fit hold back a later one that does", async () => {
    const desks = await makeBookableResource(system, { capacity: 2 });
    const [big, small] = await Promise.all([signUp(system, { prefix: "big" }), signUp(system, { prefix: "small" })]);
    // 10-11 full (two bookings), 11-12 one unit taken
    const short = await book(system, holder.accessToken, { resourceId: desks.resource.id, ...range(23, 10) });
    await book(system, holder.accessToken, { resourceId: desks.resource.id, ...range(23, 10, 2) });
    const wantsBoth = await joined(big, desks, range(23, 10, 2), { quantity: 2 });
    const wantsOne = await joined(small, desks, range(23, 10));
    expect([wantsBoth.position, wantsOne.position]).toEqual([1, 2]);
    expect((await cancel(holder.accessToken, short.id)).errors).toBeUndefined();
    // one unit is free over 10-12: not enough for the first in line, enough for the second
    expect(await entry(small, wantsOne.id)).toMatchObject({ status: "OFFERED", booking: { status: "HOLD" } });
    expect(await entry(big, wantsBoth.id)).toMatchObject({ status: "WAITING", position: 1, booking: null });
    expect(await peakStoredUnits(desks.resource.id)).toBe(2);
  });

  it("offers when the resource's capacity grows", async () => {
    const room = await makeBookableResource(system, { capacity: 1 });
    const at = range(24, 10);
    await book(system, holder.accessToken, { resourceId: room.resource.id, ...at });
    const customer = await signUp(system);
    const waiting = await joined(customer, room, at);
    expect(waiting.status).toBe("WAITING");
    ok(await system.request(UPDATE_RESOURCE, { id: room.resource.id, input: { capacity: 2 } }, { token: room.vendor.accessToken }));
    expect((await offered(customer, waiting.id, "the offer after the capacity grew")).booking.status).toBe("HOLD");
    expect(await peakStoredUnits(room.resource.id)).toBe(2);
  });

  it("offers when a block is removed", async () => {
    const room = await makeBookableResource(system, { capacity: 1 });
    const at = range(25, 10);
    const block = ok(await system.request(BLOCK_RESOURCE, { resourceId: room.resource.id, start: at.startTime, end: at.endTime, reason: "paint" }, { token: room.vendor.accessToken }));
    const customer = await signUp(system);
    const waiting = await joined(customer, room, at);
    expect(waiting.status).toBe("WAITING");
    ok(await system.request(UNBLOCK_RESOURCE, { blockId: block.blockResource.id }, { token: room.vendor.accessToken }));
    expect((await offered(customer, waiting.id, "the offer after the unblock")).booking.status).toBe("HOLD");
  });

  it("offers nothing while the resource or its business is not bookable, and offers once it is again", async () => {
    const room = await makeBookableResource(system, { capacity: 1 });
    const at = range(26, 10);
    const taken = await book(system, holder.accessToken, { resourceId: room.resource.id, ...at });
    const [customer, later] = await Promise.all([signUp(system), signUp(system)]);
    const waiting = await joined(customer, room, at);
    const token = room.vendor.accessToken;
    ok(await system.request(SET_RESOURCE_STATUS, { id: room.resource.id, status: "INACTIVE" }, { token }));
    expect((await cancel(holder.accessToken, taken.id)).errors).toBeUndefined();
    expect(await statusOf(customer, waiting.id)).toBe("WAITING");
    ok(await system.request(SET_RESOURCE_STATUS, { id: room.resource.id, status: "ACTIVE" }, { token }));
    const offer = await offered(customer, waiting.id, "the offer once the resource is ACTIVE");

    // the business: INACTIVE while units free up, ACTIVE again
    const next = await joined(later, room, at);
    ok(await system.request(SET_BUSINESS_STATUS, { id: room.business.id, status: "INACTIVE" }, { token }));
    // resources' replica of the business (what bookings learns through resources) follows asynchronously
    await waitFor(async () => (await system.subgraphs.resources.db.business.findUniqueOrThrow({ where: { id: room.business.id } })).status === "INACTIVE", 10_000, "the business inactive in resources");
    expect(codeOf(await system.request(`mutation($id: ID!) { leaveWaitlist(id: $id) { id status } }`, { id: offer.id }, { token: customer.accessToken }))).toBeUndefined();
    expect(await statusOf(later, next.id)).toBe("WAITING");
    ok(await system.request(SET_BUSINESS_STATUS, { id: room.business.id, status: "ACTIVE" }, { token }));
    // until resources' replica has it, resources still hides the business's resources from customers
    await waitFor(async () => (await system.subgraphs.resources.db.business.findUniqueOrThrow({ where: { id: room.business.id } })).status === "ACTIVE", 10_000, "the business active in resources");
    expect((await offered(later, next.id, "the offer once the business is ACTIVE")).booking.status).toBe("HOLD");
  });
});

describe("leaving and expiring", () => {
  it("leaves a WAITING entry, and an OFFERED one with its HOLD (the next in line gets it); only the owner may", async () => {
    const room = await makeBookableResource(system, { capacity: 1 });
    const at = range(28, 10);
    const taken = await book(system, holder.accessToken, { resourceId: room.resource.id, ...at });
    const [first, second, third] = await Promise.all([signUp(system), signUp(system), signUp(system)]);
    const firstEntry = await joined(first, room, at);
    const secondEntry = await joined(second, room, at);
    const thirdEntry = await joined(third, room, at);

    // strangers (another customer, even the owner of the business) learn nothing
    expect(codeOf(await leave(second, firstEntry.id))).toBe("NOT_FOUND");
    expect(codeOf(await leave(room.vendor, firstEntry.id))).toBe("NOT_FOUND");
    expect(codeOf(await leave(first, "not-an-id"))).toBe("NOT_FOUND");
    expect(codeOf(await system.request(`query($id: ID!) { user(id: $id) { waitlist { id } } }`, { id: first.id }, { token: second.accessToken }))).toBe("FORBIDDEN");
    const admin = await theAdmin(system);
    const seenByAdmin = await system.request(`query($id: ID!) { user(id: $id) { waitlist { id status } } }`, { id: first.id }, { token: admin.accessToken });
    expect(seenByAdmin.data.user.waitlist).toEqual([{ id: firstEntry.id, status: "WAITING" }]);

    const left = await leave(second, secondEntry.id);
    expect(left.data.leaveWaitlist).toMatchObject({ id: secondEntry.id, status: "CANCELLED", position: null, booking: null });
    expect((await entry(third, thirdEntry.id)).position).toBe(2);

    expect((await cancel(holder.accessToken, taken.id)).errors).toBeUndefined();
    const offer = await entry(first, firstEntry.id);
    expect(offer.status).toBe("OFFERED");
    // leaving an offer cancels its HOLD, and the freed unit goes to the next in line
    const leftOffer = await leave(first, firstEntry.id);
    expect(leftOffer.data.leaveWaitlist).toMatchObject({ status: "CANCELLED", booking: { id: offer.booking.id, status: "CANCELLED" } });
    const next = await entry(third, thirdEntry.id);
    expect(next).toMatchObject({ status: "OFFERED", booking: { status: "HOLD" } });
    expect(await peakStoredUnits(room.resource.id)).toBe(1);

    // a confirmed offer is a booking now: cancel it instead
    ok(await system.request(`mutation($id: ID!) { confirmBooking(id: $id) { id } }`, { id: next.booking.id }, { token: room.vendor.accessToken }));
    expect(codeOf(await leave(third, thirdEntry.id))).toBe("INVALID_STATE");
    expect(await entry(third, thirdEntry.id)).toMatchObject({ status: "OFFERED", booking: { status: "CONFIRMED" } });
    // newest first, filtered by status
    expect((await myWaitlist(first, "CANCELLED")).map((row) => row.id)).toEqual([firstEntry.id]);
    expect(await myWaitlist(first, "WAITING")).toEqual([]);
  });

  it("turns a WAITING entry EXPIRED once its range has started", async () => {
    const room = await makeBookableResource(system, { capacity: 1 });
    const customer = await signUp(system);
    // HOUR bookings of an always-open resource may start at any instant: this one in 10 s
    const start = new Date(Date.now() + 10_000);
    const at = { startTime: start.toISOString(), endTime: plusMinutes(start, 60).toISOString() };
    await book(system, holder.accessToken, { resourceId: room.resource.id, ...at });
    const waiting = await joined(customer, room, at);
    expect(waiting.status).toBe("WAITING");
    const expired = await waitFor(async () => {
      const row = await entry(customer, waiting.id);
      return row?.status === "EXPIRED" && row;
    }, 30_000, "the entry to expire");
    expect(expired).toMatchObject({ position: null, booking: null });
    expect(codeOf(await leave(customer, waiting.id))).toBe("INVALID_STATE");
  });
});

describe("the holds limit (MAX_HOLDS_PER_CUSTOMER)", () => {
  it("refuses a customer's next HOLD at the limit, from createBooking and joinWaitlist alike; a retry still answers", async () => {
    const customer = await signUp(system);
    const desks = await makeBookableResource(system, { capacity: 10 });
    const made = [];
    for (let hour = 8; hour < 8 + MAX_HOLDS; hour += 1) {
      made.push(await createBooking(system, customer.accessToken, { resourceId: desks.resource.id, ...range(30, hour), idempotencyKey: `limit-${hour}` }));
    }
    expect(made.every((result) => result.errors === undefined)).toBe(true);
    expect(codeOf(await createBooking(system, customer.accessToken, { resourceId: desks.resource.id, ...range(30, 14) }))).toBe("HOLD_LIMIT_REACHED");
    // the same request again returns the booking it made
    const retry = await createBooking(system, customer.accessToken, { resourceId: desks.resource.id, ...range(30, 8), idempotencyKey: "limit-8" });
    expect(retry.data.createBooking.id).toBe(made[0]!.data.createBooking.id);
    // free units now: the entry would be OFFERED at once, so the limit applies
    expect(codeOf(await join(customer, desks, range(30, 15)))).toBe("HOLD_LIMIT_REACHED");
    expect(await myWaitlist(customer)).toEqual([]);
    // a full range: waiting holds nothing
    const room = await makeBookableResource(system, { capacity: 1 });
    await book(system, holder.accessToken, { resourceId: room.resource.id, ...range(30, 10) });
    expect((await joined(customer, room, range(30, 10))).status).toBe("WAITING");
    // a HOLD less, and the customer may hold again
    expect((await cancel(customer.accessToken, made[0]!.data.createBooking.id)).errors).toBeUndefined();
    expect((await createBooking(system, customer.accessToken, { resourceId: desks.resource.id, ...range(30, 14) })).errors).toBeUndefined();
  });

  it("passes over a waiting customer at the limit, who keeps their place", async () => {
    const [limited, next] = await Promise.all([signUp(system, { prefix: "limited" }), signUp(system, { prefix: "next" })]);
    const desks = await makeBookableResource(system, { capacity: 10 });
    for (let hour = 8; hour < 8 + MAX_HOLDS - 1; hour += 1) await book(system, limited.accessToken, { resourceId: desks.resource.id, ...range(31, hour) });
    const room = await makeBookableResource(system, { capacity: 1 });
    const at = range(31, 10);
    const taken = await book(system, holder.accessToken, { resourceId: room.resource.id, ...at });
    const limitedEntry = await joined(limited, room, at);
    const nextEntry = await joined(next, room, at);
    // the limited customer takes their last allowed HOLD elsewhere
    await book(system, limited.accessToken, { resourceId: desks.resource.id, ...range(31, 20) });
    expect((await cancel(holder.accessToken, taken.id)).errors).toBeUndefined();
    expect(await entry(next, nextEntry.id)).toMatchObject({ status: "OFFERED", booking: { status: "HOLD" } });
    expect(await entry(limited, limitedEntry.id)).toMatchObject({ status: "WAITING", position: 1, booking: null });
  });

  it("holds under concurrency: two createBooking at limit - 1 on different resources never both succeed", async () => {
    const customer = await signUp(system);
    const resources = await Promise.all([makeBookableResource(system, { capacity: 5 }), makeBookableResource(system, { capacity: 5 })]);
    for (let hour = 8; hour < 8 + MAX_HOLDS - 1; hour += 1) await book(system, customer.accessToken, { resourceId: resources[0]!.resource.id, ...range(32, hour) });
    for (let round = 0; round < 10; round += 1) {
      const results = await Promise.all(resources.map((made) => createBooking(system, customer.accessToken, { resourceId: made.resource.id, ...range(33 + round, 12) })));
      const winners = results.filter((result) => result.errors === undefined);
      expect(winners).toHaveLength(1);
      expect(results.map(codeOf).filter(Boolean)).toEqual(["HOLD_LIMIT_REACHED"]);
      const [live] = await system.subgraphs.bookings.db.$queryRaw<{ holds: number }[]>`
        SELECT count(*)::int AS holds FROM bookings WHERE customer_id = ${customer.id}::uuid AND status = 'HOLD' AND hold_expires_at > now()`;
      expect(live!.holds).toBe(MAX_HOLDS);
      expect((await cancel(customer.accessToken, winners[0]!.data.createBooking.id)).errors).toBeUndefined();
    }
  });
});

describe("the race: a cancellation against 30 createBooking calls from customers not in line", () => {
  it("gives the unit to the waiter every time, and never exceeds capacity", async () => {
    const room = await makeBookableResource(system, { capacity: 1 });
    const waiter = await signUp(system, { prefix: "waiter" });
    const crowd = await Promise.all(Array.from({ length: 10 }, (_, index) => signUp(system, { prefix: `crowd${index}` })));
    for (let round = 0; round < 20; round += 1) {
      const at = range(40 + round, 10);
      const taken = await book(system, holder.accessToken, { resourceId: room.resource.id, ...at });
      const waiting = await joined(waiter, room, at);
      expect(waiting.status).toBe("WAITING");
      const attempts = Array.from({ length: 30 }, (_, index) => createBooking(system, crowd[index % crowd.length]!.accessToken, { resourceId: room.resource.id, ...at }));
      const [cancelled, ...rushed] = await Promise.all([cancel(holder.accessToken, taken.id), ...attempts]);
      expect(cancelled!.errors).toBeUndefined();
      expect(rushed.map(codeOf)).toEqual(Array.from({ length: 30 }, () => "SLOT_UNAVAILABLE"));
      const offer = await entry(waiter, waiting.id);
      expect(offer, `round ${round}`).toMatchObject({ status: "OFFERED", booking: { status: "HOLD" } });
      expect(await peakStoredUnits(room.resource.id)).toBe(1);
      const live = await system.subgraphs.bookings.db.booking.findMany({ where: { resourceId: room.resource.id, startTime: new Date(at.startTime), status: { in: ["HOLD", "CONFIRMED"] } } });
      expect(live.map((booking) => booking.customerId)).toEqual([waiter.id]);
      // the waiter lets it go again, staying under the holds limit for the next round
      expect((await leave(waiter, waiting.id)).errors).toBeUndefined();
    }
  }, 600_000);
});

describe("with 2-second holds", () => {
  let short: TestSupergraph;
  beforeAll(async () => {
    short = await startTestSupergraph({ env: { BOOKING_HOLD_SECONDS: "2" } });
  }, 60_000);
  afterAll(async () => short?.stop());

  it("offers a hold's units to the line when it expires, and an offer that expires goes to the next in line", async () => {
    const [owner, first, second] = await Promise.all([signUp(short), signUp(short), signUp(short)]);
    const room = await makeBookableResource(short, { capacity: 1 });
    const at = range(20, 10);
    await book(short, owner.accessToken, { resourceId: room.resource.id, ...at });
    const wait = async (customer: SignedIn) => {
      const result = await contractOperation(short, "waitlist.graphql", "JoinWaitlist", { input: { resourceId: room.resource.id, ...at, idempotencyKey: `short-${customer.id}` } }, customer.accessToken);
      expect(result.errors).toBeUndefined();
      return result.data.joinWaitlist;
    };
    const firstEntry = await wait(first);
    const secondEntry = await wait(second);
    expect([firstEntry.status, secondEntry.status]).toEqual(["WAITING", "WAITING"]);
    const statusOf = async (customer: SignedIn, id: string) =>
      ((await contractOperation(short, "waitlist.graphql", "MyWaitlist", {}, customer.accessToken)).data.me.waitlist as any[]).find((row) => row.id === id);
    // the owner's hold runs out: the first in line is offered it
    const firstOffer = await waitFor(async () => {
      const row = await statusOf(first, firstEntry.id);
      return row?.status === "OFFERED" && row;
    }, 10_000, "the offer after the hold expired");
    expect(firstOffer.booking.status).toBe("HOLD");
    // the first offer runs out unpaid: EXPIRED, and the unit goes to the second
    const secondOffer = await waitFor(async () => {
      const row = await statusOf(second, secondEntry.id);
      return row?.status === "OFFERED" && row;
    }, 10_000, "the offer after the first offer expired");
    expect(secondOffer.booking.id).not.toBe(firstOffer.booking.id);
    expect(await statusOf(first, firstEntry.id)).toMatchObject({ status: "EXPIRED", booking: { status: "EXPIRED" } });
  });
});
