import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp, type SignedIn } from "../support/accounts.js";
import { book } from "../support/bookings.js";
import { makeBookableResource, type TestResource } from "../support/factories.js";
import { startTestSupergraph, type TestSupergraph } from "../support/supergraph.js";
import { daysFromNow, plusMinutes } from "../support/time.js";

/** The domain metrics on the subgraphs' `/metrics` (README, "Operating it"). */

let system: TestSupergraph;
let customer: SignedIn;
let room: TestResource;

beforeAll(async () => {
  system = await startTestSupergraph();
  customer = await signUp(system);
  room = await makeBookableResource(system);
}, 90_000);
afterAll(async () => system?.stop());

async function scrape(subgraph: keyof TestSupergraph["subgraphs"]): Promise<string> {
  const response = await fetch(new URL("/metrics", system.subgraphs[subgraph].url));
  expect(response.status).toBe(200);
  return response.text();
}

/** The value of one series (`name{labels}`, labels in any order), or undefined when absent. */
function valueOf(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split("\n")) {
    const match = /^([a-z_]+)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = Object.fromEntries([...(match[2] ?? "").matchAll(/(\w+)="([^"]*)"/g)].map(([, key, value]) => [key!, value!]));
    if (Object.entries(labels).every(([key, value]) => present[key] === value)) return Number(match[3]);
  }
  return undefined;
}

describe("/metrics of the subgraphs", () => {
  it("counts a booking made through the router by its resource type", async () => {
    const before = valueOf(await scrape("bookings"), "bookings_created_total", { resource_type: "HOTEL_ROOM" });
    expect(before).toBeDefined();
    const start = daysFromNow(20, 10);
    await book(system, customer.accessToken, { resourceId: room.resource.id, startTime: start.toISOString(), endTime: plusMinutes(start, 60).toISOString() });
    const after = await scrape("bookings");
    expect(valueOf(after, "bookings_created_total", { resource_type: "HOTEL_ROOM" })).toBe(before! + 1);
    expect(valueOf(after, "bookings_created_total", { resource_type: "DESK" })).toBe(0);
  });

  it("counts a payment's status changes through the router", async () => {
    const start = daysFromNow(21, 10);
    const booking = await book(system, customer.accessToken, { resourceId: room.resource.id, startTime: start.toISOString(), endTime: plusMinutes(start, 60).toISOString() });
    const before = await scrape("payments");
    const count = (text: string, status: string) => valueOf(text, "payments_status_changes_total", { status });
    const intent = await system.request(`mutation($b: ID!, $k: String!) { createPaymentIntent(bookingId: $b, idempotencyKey: $k) { id status } }`, { b: booking.id, k: randomUUID() }, { token: customer.accessToken });
    expect(intent.errors).toBeUndefined();
    const paid = await system.request(`mutation($id: ID!) { confirmPayment(paymentId: $id, paymentMethod: "pm_card_visa") { status } }`, { id: intent.data.createPaymentIntent.id }, { token: customer.accessToken });
    expect(paid.data?.confirmPayment).toEqual({ status: "SUCCEEDED" });
    const after = await scrape("payments");
    expect(count(after, "REQUIRES_PAYMENT_METHOD")).toBe(count(before, "REQUIRES_PAYMENT_METHOD")! + 1);
    expect(count(after, "SUCCEEDED")).toBe(count(before, "SUCCEEDED")! + 1);
    expect(count(after, "FAILED")).toBe(count(before, "FAILED"));
  });

  it("reports each service's database pools", async () => {
    for (const name of ["users", "businesses", "resources", "bookings", "payments"] as const) {
      const text = await scrape(name);
      expect(valueOf(text, "db_pool_connections", { pool: "requests", state: "idle" }), name).toBeGreaterThanOrEqual(0);
      expect(valueOf(text, "db_pool_connections", { pool: "requests", state: "in_use" }), name).toBeGreaterThanOrEqual(0);
      expect(valueOf(text, "db_pool_max_connections", { pool: "requests" }), name).toBeGreaterThan(0);
      expect(valueOf(text, "db_pool_waiting_queries", { pool: "requests" }), name).toBeGreaterThanOrEqual(0);
    }
    // a query businesses just answered left its connection open in the pool
    await system.request(`{ businesses(first: 1) { totalCount } }`);
    const businesses = await scrape("businesses");
    expect(valueOf(businesses, "db_pool_connections", { pool: "requests", state: "idle" })! + valueOf(businesses, "db_pool_connections", { pool: "requests", state: "in_use" })!).toBeGreaterThan(0);
    const bookings = await scrape("bookings");
    expect(valueOf(bookings, "db_pool_max_connections", { pool: "background" })).toBe(3);
    expect(valueOf(bookings, "booking_event_feed_lag_seconds")).toBeGreaterThanOrEqual(0);
  });

  it("reports the age of the oldest event waiting in a service's outbox", async () => {
    const users = system.subgraphs.users.db;
    const before = valueOf(await scrape("users"), "event_outbox_pending")!;
    expect(before).toBeGreaterThanOrEqual(0);
    // An event written a minute ago whose next attempt is an hour away: the relay leaves it waiting.
    const id = randomUUID();
    await users.$executeRawUnsafe(
      `INSERT INTO events.event_outbox (id, type, source, occurred_at, payload, next_attempt_at)
       VALUES ($1::uuid, 'test.waiting', 'users', now() - interval '60 seconds', '{}', now() + interval '1 hour')`,
      id,
    );
    try {
      const waiting = await scrape("users");
      expect(valueOf(waiting, "event_outbox_pending")).toBe(before + 1);
      expect(valueOf(waiting, "event_outbox_oldest_pending_age_seconds")).toBeGreaterThanOrEqual(60);
    } finally {
      await users.$executeRawUnsafe(`DELETE FROM events.event_outbox WHERE id = $1::uuid`, id);
    }
    expect(valueOf(await scrape("users"), "event_outbox_pending")).toBe(before);
  });
});
