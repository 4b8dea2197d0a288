import { readFile } from "node:fs/promises";
import { bookingsSubgraph } from "@booking/bookings/subgraph";
import { Role, startSubgraph } from "@booking/common";
import { readRouterConfig } from "@booking/router/config";
import { startRouter, type RunningRouter } from "@booking/router/router";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp, type SignedIn } from "../support/accounts.js";
import { book } from "../support/bookings.js";
import { TEST_INTERNAL_SECRET, subgraphRequest } from "../support/subgraph.js";
import { startTestSupergraph, type TestSupergraph } from "../support/supergraph.js";
import { collect, openWebSocket } from "../support/websocket.js";
import { daysFromNow } from "../support/time.js";
import { theAdmin, makeActiveBusiness, makeResource } from "../support/factories.js";
import { waitFor } from "../support/wait.js";

let system: TestSupergraph;
let secondRouter: RunningRouter;
let vendor: SignedIn;
let customer: SignedIn;
let otherCustomer: SignedIn;
let businessId: string;
let resourceId: string;
let contract: string;

beforeAll(async () => {
  system = await startTestSupergraph();
  // A second router on the same subgraphs: events must reach subscribers on every instance.
  secondRouter = await startRouter(
    readRouterConfig({
      PORT: "0",
      NODE_ENV: "test",
      INTERNAL_SECRET: TEST_INTERNAL_SECRET,
      USERS_URL: system.subgraphs.users.url,
      BUSINESSES_URL: system.subgraphs.businesses.url,
      RESOURCES_URL: system.subgraphs.resources.url,
      BOOKINGS_URL: system.subgraphs.bookings.url,
      PAYMENTS_URL: system.subgraphs.payments.url,
    }),
  );
  const made = await makeActiveBusiness(system, { name: "Desk Club", type: "CO_WORKING", timezone: "Europe/Berlin" });
  vendor = made.vendor;
  businessId = made.business.id;
  resourceId = (await makeResource(system, made, { name: "Hot desk", type: "DESK", price: "12.50", currency: "EUR", priceUnit: "HOUR", capacity: 5 })).resource.id;
  customer = await signUp(system);
  otherCustomer = await signUp(system);
  contract = await readFile(new URL("../../schema/operations/bookings.graphql", import.meta.url), "utf8");
}, 60_000);
afterAll(async () => {
  await secondRouter?.stop();
  await system?.stop();
});

let hour = 0;
function nextSlot() {
  hour += 2;
  const start = daysFromNow(150 + Math.floor(hour / 10), 8 + (hour % 10));
  return { startTime: start.toISOString(), endTime: new Date(start.getTime() + 3_600_000).toISOString() };
}

async function waitForResults(subscription: { results: unknown[] }, count: number, timeoutMs = 3_000) {
  return waitFor(() => subscription.results.length >= count && subscription.results, timeoutMs, `${count} subscription results`);
}

describe("live booking events through the router", () => {
  it("delivers the contract's BookingEvents and MyBookingEvents within a second, resolved across subgraphs", async () => {
    const vendorSocket = openWebSocket(system.router.url, vendor.accessToken);
    const customerSocket = openWebSocket(secondRouter.url, customer.accessToken);
    await Promise.all([vendorSocket.connected, customerSocket.connected]);
    const watching = collect(vendorSocket.client, contract, { businessId }, "BookingEvents");
    const mine = collect(customerSocket.client, contract, {}, "MyBookingEvents");
    await new Promise((resolve) => setTimeout(resolve, 200));

    const created = Date.now();
    const booking = await book(system, customer.accessToken, { resourceId, ...nextSlot() });
    const [vendorEvent] = (await waitForResults(watching, 1)) as { data: any }[];
    const [customerEvent] = (await waitForResults(mine, 1)) as { data: any }[];
    expect(Date.now() - created).toBeLessThan(1_000);

    expect(vendorEvent?.data.bookingEvents).toMatchObject({
      type: "CREATED",
      booking: {
        id: booking.id,
        bookingNumber: booking.bookingNumber,
        status: "HOLD",
        contact: { email: customer.email },
        resource: { id: resourceId, name: "Hot desk", business: { id: businessId, name: "Desk Club" } },
        customer: { id: customer.id, username: customer.username },
        payment: null,
      },
    });
    expect(new Date(vendorEvent!.data.bookingEvents.at).getTime()).toBeGreaterThan(created - 5_000);
    expect(customerEvent?.data.myBookingEvents).toMatchObject({ type: "CREATED", booking: { id: booking.id, status: "HOLD", resource: { name: "Hot desk" }, payment: null } });

    const confirmed = await system.request(`mutation($id: ID!) { confirmBooking(id: $id) { id status } }`, { id: booking.id }, { token: vendor.accessToken });
    expect(confirmed.errors).toBeUndefined();
    await waitForResults(watching, 2);
    await waitForResults(mine, 2);
    expect((watching.results[1] as any).data.bookingEvents).toMatchObject({ type: "CONFIRMED", booking: { id: booking.id, status: "CONFIRMED" } });
    expect((mine.results[1] as any).data.myBookingEvents).toMatchObject({ type: "CONFIRMED", booking: { status: "CONFIRMED" } });

    // Another customer's booking reaches the vendor, never the first customer.
    const other = await book(system, otherCustomer.accessToken, { resourceId, ...nextSlot() });
    await waitForResults(watching, 3);
    expect((watching.results[2] as any).data.bookingEvents.booking.id).toBe(other.id);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(mine.results).toHaveLength(2);
    expect(watching.error).toBeNull();
    expect(mine.error).toBeNull();
    await Promise.all([vendorSocket.client.dispose(), customerSocket.client.dispose()]);
  });

  it("stops delivering to a customer the moment they are suspended, socket still open", async () => {
    const guest = await signUp(system);
    const booking = await book(system, guest.accessToken, { resourceId, ...nextSlot() });
    const socket = openWebSocket(system.router.url, guest.accessToken);
    await socket.connected;
    const mine = collect(socket.client, contract, {}, "MyBookingEvents");
    await new Promise((resolve) => setTimeout(resolve, 200));
    const admin = await theAdmin(system);
    await system.request(`mutation($id: ID!) { setUserStatus(id: $id, status: SUSPENDED) { id } }`, { id: guest.id }, { token: admin.accessToken });
    expect((await system.request(`mutation($id: ID!) { confirmBooking(id: $id) { status } }`, { id: booking.id }, { token: vendor.accessToken })).errors).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(mine.results).toEqual([]);
    await socket.client.dispose();
  });

  it("shows the vendor nothing of another business", async () => {
    const elsewhere = await makeActiveBusiness(system, { name: "Elsewhere", type: "SALON", timezone: "Europe/Paris" });
    const { resource: chair } = await makeResource(system, elsewhere, { name: "Chair", type: "SALON_CHAIR", price: "30.00", currency: "EUR", priceUnit: "HOUR" });
    const socket = openWebSocket(system.router.url, vendor.accessToken);
    const watching = collect(socket.client, contract, { businessId }, "BookingEvents");
    await new Promise((resolve) => setTimeout(resolve, 200));
    await book(system, customer.accessToken, { resourceId: chair.id, ...nextSlot() });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(watching.results).toEqual([]);
    await socket.client.dispose();
  });

  // Last in this file: it stops and restarts the bookings subgraph.
  it("misses nothing while the router's event stream is down: it resumes from its cursor", async () => {
    const socket = openWebSocket(system.router.url, vendor.accessToken);
    await socket.connected;
    const watching = collect(socket.client, contract, { businessId }, "BookingEvents");
    await new Promise((resolve) => setTimeout(resolve, 300));

    const bookings = system.subgraphs.bookings;
    const serviceUrls = Object.fromEntries(Object.entries(system.subgraphs).map(([name, subgraph]) => [`${name.toUpperCase()}_URL`, subgraph.url]));
    const instance = (port: number) =>
      startSubgraph(bookingsSubgraph, { databaseUrl: bookings.databaseUrl, port, production: false, internalSecret: TEST_INTERNAL_SECRET, migrate: false, poolSize: 2, env: { NODE_ENV: "test", ...serviceUrls } });
    await bookings.stop();
    const other = await instance(0);
    let restarted: Awaited<ReturnType<typeof instance>> | null = null;
    try {
      // The change happens on another instance while the router's stream (to the stopped one) is broken.
      const slot = nextSlot();
      const made = await subgraphRequest(other.url, `mutation($input: CreateBookingInput!) { createBooking(input: $input) { id } }`, { input: { resourceId, ...slot, idempotencyKey: "while-down" } }, { viewer: { userId: customer.id, role: Role.CUSTOMER }, audience: "bookings" });
      expect(made.errors).toBeUndefined();
      restarted = await instance(bookings.port);
      await waitFor(() => watching.results.length > 0, 10_000, "an event after the restart");
      expect((watching.results[0] as any)?.data.bookingEvents).toMatchObject({ type: "CREATED", booking: { id: made.data.createBooking.id } });
    } finally {
      await socket.client.dispose();
      await other.stop();
      await restarted?.stop();
    }
  }, 30_000);
});
