import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp, signUpAdmin, type SignedIn } from "../support/accounts.js";
import { startTestSupergraph, type TestSupergraph } from "../support/supergraph.js";
import { daysFromNow } from "../support/time.js";
import { codeOf, codesOf } from "../support/errors.js";

let system: TestSupergraph;
let customer: SignedIn;
let vendor: SignedIn;
let stranger: SignedIn;
let admin: SignedIn;
let businessId: string;
let resourceId: string;
const bookingIds: string[] = [];

/** Rows written straight into each subgraph's own database: this test is about reading them back through the router. */
async function arrange() {
  customer = await signUp(system, { prefix: "cust" });
  vendor = await signUp(system, { role: "VENDOR" });
  stranger = await signUp(system, { prefix: "stranger" });
  admin = await signUpAdmin(system);
  const business = await system.subgraphs.businesses.db.business.create({
    data: { ownerId: vendor.id, name: "Harbour Hotel", type: "HOTEL", city: "Lisbon", timezone: "Europe/Lisbon", status: "ACTIVE", isVerified: true },
  });
  businessId = business.id;
  await system.subgraphs.resources.db.business.create({
    data: { id: business.id, ownerId: vendor.id, name: business.name, type: "HOTEL", city: "Lisbon", timezone: "Europe/Lisbon", status: "ACTIVE" },
  });
  const resource = await system.subgraphs.resources.db.resource.create({
    data: { businessId, name: "Room 101", type: "HOTEL_ROOM", price: "120.00", currency: "EUR", priceUnit: "NIGHT", capacity: 1 },
  });
  resourceId = resource.id;
  for (let index = 0; index < 50; index += 1) {
    const start = daysFromNow(30 + index * 2, 14);
    const booking = await system.subgraphs.bookings.db.booking.create({
      data: {
        bookingNumber: `T${randomBytes(4).toString("hex").toUpperCase()}`,
        customerId: customer.id,
        resourceId,
        businessId,
        businessOwnerId: vendor.id,
        status: "CONFIRMED",
        startTime: start,
        endTime: new Date(start.getTime() + 22 * 3600_000),
        quantity: 1,
        units: 1,
        snapshotBusinessName: "Harbour Hotel",
        snapshotResourceName: "Room 101",
        snapshotResourceType: "HOTEL_ROOM",
        unitPrice: "120.00",
        currency: "EUR",
        priceUnit: "NIGHT",
        timezone: "Europe/Lisbon",
        total: "120.00",
        contactName: "Cust Omer",
        contactEmail: customer.email,
        idempotencyKey: `key-${index}`,
      },
    });
    bookingIds.push(booking.id);
    await system.subgraphs.payments.db.payment.create({
      data: { bookingId: booking.id, customerId: customer.id, businessId, businessOwnerId: vendor.id, amount: "120.00", currency: "EUR", status: "SUCCEEDED", idempotencyKey: `pay-${index}` },
    });
  }
}

beforeAll(async () => {
  system = await startTestSupergraph();
  await arrange();
}, 120_000);
afterAll(async () => system?.stop());

const BOOKING = `query($id: ID!) {
  booking(id: $id) {
    id status
    total { amount currency }
    customer { username email }
    resource { name price { amount currency } business { name owner { username email } } }
    business { name city }
    payment { status amount { amount currency } }
  }
}`;

describe("one query across five subgraphs", () => {
  it("resolves a booking with its resource, business, owner and payment from five databases", async () => {
    const result = await system.request(BOOKING, { id: bookingIds[0] }, { token: customer.accessToken });
    expect(result.errors).toBeUndefined();
    expect(result.data.booking).toEqual({
      id: bookingIds[0],
      status: "CONFIRMED",
      total: { amount: "120.00", currency: "EUR" },
      customer: { username: customer.username, email: customer.email },
      resource: { name: "Room 101", price: { amount: "120.00", currency: "EUR" }, business: { name: "Harbour Hotel", owner: { username: vendor.username, email: null } } },
      business: { name: "Harbour Hotel", city: "Lisbon" },
      payment: { status: "SUCCEEDED", amount: { amount: "120.00", currency: "EUR" } },
    });
  });

  it("hides a user's email from everyone but that user and admins, however the user is reached", async () => {
    const asVendor = await system.request(BOOKING, { id: bookingIds[0] }, { token: vendor.accessToken });
    expect(asVendor.errors).toBeUndefined();
    expect(asVendor.data.booking.customer).toEqual({ username: customer.username, email: null });
    expect(asVendor.data.booking.resource.business.owner).toEqual({ username: vendor.username, email: vendor.email });
    const asAdmin = await system.request(BOOKING, { id: bookingIds[0] }, { token: admin.accessToken });
    expect(asAdmin.data.booking.customer.email).toBe(customer.email);
    expect(asAdmin.data.booking.resource.business.owner.email).toBe(vendor.email);
  });

  it("does not tell a stranger that a booking exists", async () => {
    const result = await system.request(BOOKING, { id: bookingIds[0] }, { token: stranger.accessToken });
    expect(codeOf(result)).toBe("NOT_FOUND");
    expect(result.data?.booking ?? null).toBeNull();
  });

  it("costs the same number of SQL queries per subgraph for 5 bookings as for 50", async () => {
    const LIST = `query($id: ID!, $first: Int!) {
      business(id: $id) {
        bookings(first: $first) {
          totalCount
          edges { node { id customer { username } resource { name business { owner { username } } } payment { status } } }
        }
      }
    }`;
    const counts: Record<number, Record<string, number>> = {};
    for (const first of [5, 50]) {
      system.resetQueries();
      const result = await system.request(LIST, { id: businessId, first }, { token: vendor.accessToken });
      expect(result.errors).toBeUndefined();
      expect(result.data.business.bookings.totalCount).toBe(50);
      expect(result.data.business.bookings.edges).toHaveLength(first);
      for (const edge of result.data.business.bookings.edges) {
        expect(edge.node.resource.business.owner.username).toBe(vendor.username);
        expect(edge.node.payment.status).toBe("SUCCEEDED");
      }
      counts[first] = system.queryCounts();
    }
    expect(counts[50]).toEqual(counts[5]);
    // Every subgraph took part, each with a handful of statements.
    for (const [name, count] of Object.entries(counts[50]!)) {
      expect(count, name).toBeGreaterThan(0);
      expect(count, name).toBeLessThanOrEqual(4);
    }
  });
});

describe("bad input at the edge", () => {
  it("answers unknown and malformed ids with the contract's codes, never an internal error", async () => {
    const unknown = "6f1c1b8e-0000-4000-8000-000000000000";
    for (const id of [unknown, "not-a-uuid", "", unknown.toUpperCase()]) {
      const booking = await system.request(`query($id: ID!) { booking(id: $id) { id } }`, { id }, { token: customer.accessToken });
      expect(codeOf(booking), id).toBe("NOT_FOUND");
      const others = await system.request(`query($id: ID!) { business(id: $id) { id } resource(id: $id) { id } payment(id: $id) { id } }`, { id }, { token: customer.accessToken });
      expect(others.data?.business ?? null, id).toBeNull();
      expect(others.data?.resource ?? null, id).toBeNull();
      expect(codesOf(others), id).toEqual(["NOT_FOUND"]);
    }
  });

  it("answers upper-case ids like lower-case ones", async () => {
    const result = await system.request(`query($id: ID!) { booking(id: $id) { id } }`, { id: bookingIds[0]!.toUpperCase() }, { token: customer.accessToken });
    expect(result.errors).toBeUndefined();
    expect(result.data.booking.id).toBe(bookingIds[0]);
  });

  it("turns missing arguments, wrong types and unknown fields into BAD_USER_INPUT", async () => {
    for (const [query, variables] of [
      [`query { booking { id } }`, {}],
      [`query($id: ID!) { booking(id: $id) { id } }`, {}],
      [`query($first: Int) { businesses(first: $first) { totalCount } }`, { first: "many" }],
      [`query { businesses { nope } }`, {}],
      [`query { businesses(first: 1000) { totalCount } }`, {}],
      [`query { businesses(first: 0) { totalCount } }`, {}],
      [`query { businesses(after: "garbage") { totalCount } }`, {}],
      [`{ booking(id: `, {}],
    ] as const) {
      const result = await system.request(query, variables, { token: customer.accessToken });
      expect(codeOf(result), query).toBe("BAD_USER_INPUT");
    }
  });
});

describe("a subgraph that is down", () => {
  it("fails only the fields it owns, with SERVICE_UNAVAILABLE, and shows in /health", async () => {
    await system.subgraphs.payments.stop();
    const result = await system.request(BOOKING, { id: bookingIds[1] }, { token: customer.accessToken });
    expect(result.data.booking.resource.name).toBe("Room 101");
    expect(result.data.booking.payment).toBeNull();
    expect(codesOf(result)).toEqual(["SERVICE_UNAVAILABLE"]);
    const health = await fetch(new URL("/health", system.router.url));
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: "down", subgraphs: { payments: "down", users: "up" } });
  });
});
