import { readRouterConfig } from "@booking/router/config";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp, type SignedIn } from "../support/accounts.js";
import { CREATE_BOOKING, localTime } from "../support/bookings.js";
import { codeOf, failureOf } from "../support/errors.js";
import { makeBookableResource, type TestResource } from "../support/factories.js";
import { startTestSupergraph, type TestSupergraph } from "../support/supergraph.js";
import { waitFor } from "../support/wait.js";
import { openWebSocket, type WebSocketSession } from "../support/websocket.js";

// Limits on, as in production; the router trusts the loopback proxy, so X-Forwarded-For names
// the client and one test process can speak from many addresses.
let system: TestSupergraph;
let customer: SignedIn;
let desks: TestResource;

beforeAll(async () => {
  system = await startTestSupergraph({
    env: { RATE_LIMITS: "on" },
    routerEnv: { RATE_LIMITS: "on", TRUST_PROXY: "loopback", WS_CONNECTIONS_PER_IP: "4", WS_ANONYMOUS_CONNECTIONS_PER_IP: "2" },
  });
  customer = await signUp(system, { prefix: "cust" });
  desks = await makeBookableResource(system, { capacity: 100 });
}, 60_000);
afterAll(async () => system?.stop());

const at = (days: number, time: string) => localTime("Europe/Lisbon", days, time);
let addresses = 0;
/** A fresh client address (TEST-NET-2), so only the limit under test counts. */
const freshAddress = () => `198.51.100.${(addresses += 1)}`;

function createBookingFrom(address: string, token: string, input: Record<string, unknown>) {
  return system.request(CREATE_BOOKING, { input: { idempotencyKey: randomUUID(), ...input } }, { token, headers: { "x-forwarded-for": address } });
}

describe("createBooking rate limits", () => {
  it("allows an account 30 tries in 10 minutes, then RATE_LIMITED with retryAfter; a retry of a booking already made is still answered", async () => {
    const input = { resourceId: desks.resource.id, startTime: at(30, "10:00"), endTime: at(30, "11:00"), idempotencyKey: randomUUID() };
    const made = await createBookingFrom(freshAddress(), customer.accessToken, input);
    expect(made.errors).toBeUndefined();
    // failed tries count too: 29 more (a range in the past), each from another address
    for (let attempt = 0; attempt < 29; attempt += 1) {
      expect(codeOf(await createBookingFrom(freshAddress(), customer.accessToken, { resourceId: desks.resource.id, startTime: at(-3, "10:00"), endTime: at(-3, "11:00") }))).toBe("BAD_USER_INPUT");
    }
    const limited = await createBookingFrom(freshAddress(), customer.accessToken, { resourceId: desks.resource.id, startTime: at(31, "10:00"), endTime: at(31, "11:00") });
    expect(failureOf(limited)?.code).toBe("RATE_LIMITED");
    expect(failureOf(limited)?.retryAfter).toBeGreaterThan(0);
    expect(await system.subgraphs.bookings.db.booking.count({ where: { customerId: customer.id } })).toBe(1);
    // the idempotent retry of the booking already made: answered, limits or not
    const replay = await createBookingFrom(freshAddress(), customer.accessToken, input);
    expect(replay.errors).toBeUndefined();
    expect(replay.data.createBooking.id).toBe(made.data.createBooking.id);
    // another account is not held back
    const other = await signUp(system, { prefix: "other" });
    expect((await createBookingFrom(freshAddress(), other.accessToken, { resourceId: desks.resource.id, startTime: at(31, "10:00"), endTime: at(31, "11:00") })).errors).toBeUndefined();
  }, 120_000);

  it("allows one address 120 tries in 10 minutes, whichever accounts make them", async () => {
    const address = freshAddress();
    const accounts = await Promise.all(Array.from({ length: 5 }, (_, index) => signUp(system, { prefix: `ip${index}` })));
    for (const account of accounts) {
      const tries = await Promise.all(
        Array.from({ length: 24 }, () => createBookingFrom(address, account.accessToken, { resourceId: desks.resource.id, startTime: at(-3, "10:00"), endTime: at(-3, "11:00") })),
      );
      expect(tries.map(codeOf)).toEqual(Array(24).fill("BAD_USER_INPUT"));
    }
    const newcomer = await signUp(system, { prefix: "newcomer" });
    const limited = await createBookingFrom(address, newcomer.accessToken, { resourceId: desks.resource.id, startTime: at(32, "10:00"), endTime: at(32, "11:00") });
    expect(failureOf(limited)?.code).toBe("RATE_LIMITED");
    expect(failureOf(limited)?.retryAfter).toBeGreaterThan(0);
    // the same account from another address books
    await expect(createBookingFrom(freshAddress(), newcomer.accessToken, { resourceId: desks.resource.id, startTime: at(32, "10:00"), endTime: at(32, "11:00") })).resolves.toMatchObject({ data: { createBooking: { status: "HOLD" } } });
  }, 120_000);
});

describe("WebSocket connection caps", () => {
  const sockets: WebSocketSession[] = [];
  const open = (token?: string, address?: string) => {
    const session = openWebSocket(system.router.url, token, address ? { headers: { "x-forwarded-for": address } } : {});
    sockets.push(session);
    return session;
  };
  afterAll(async () => Promise.all(sockets.map((session) => session.client.dispose())));

  it("refuses a connection beyond the per-address cap, and an anonymous one beyond the anonymous cap, with 4429 and a reason", async () => {
    const address = freshAddress();
    const anonymous = [open(undefined, address), open(undefined, address)];
    await Promise.all(anonymous.map((session) => session.connected));
    expect(await open(undefined, address).closedWith).toEqual({ code: 4429, reason: "Too many anonymous connections from this address: sign in" });

    const signedIn = [open(customer.accessToken, address), open(customer.accessToken, address)];
    await Promise.all(signedIn.map((session) => session.connected));
    expect(await open(customer.accessToken, address).closedWith).toEqual({ code: 4429, reason: "Too many connections from this address" });
    // another address is not held back
    await open(customer.accessToken, freshAddress()).connected;

    // a closed connection gives its place back (once the router has seen it close)
    await signedIn[0]!.client.dispose();
    await waitFor(async () => {
      const session = open(customer.accessToken, address);
      return Promise.race([session.connected.then(() => true), session.closed.then(() => false)]);
    }, 5_000, "a connection in the freed place");
  });

  it("has no caps with RATE_LIMITS=off (benchmarks open 1,000 sockets from one address)", () => {
    expect(readRouterConfig({ INTERNAL_SECRET: "x".repeat(32), RATE_LIMITS: "off" }).webSocketCaps).toBeNull();
    expect(readRouterConfig({ INTERNAL_SECRET: "x".repeat(32) }).webSocketCaps).toEqual({ perIp: 50, anonymousPerIp: 5 });
  });
});


describe("work amplification through Resource.availability", () => {
  /** `count` more resources like `desks`, in its business, straight into the catalog's database. */
  async function moreResourcesLike(count: number): Promise<string[]> {
    const model = await system.subgraphs.resources.db.resource.findUniqueOrThrow({ where: { id: desks.resource.id } });
    const ids = Array.from({ length: count }, () => randomUUID());
    await system.subgraphs.resources.db.resource.createMany({
      data: ids.map((id, index) => ({ ...model, id, name: `Desk ${index}`, metadata: {}, openingHours: model.openingHours ?? [], createdAt: new Date(), updatedAt: new Date() }) as never),
    });
    return ids;
  }
  const range = (fromDays: number, days: number) => `from: "${new Date(Date.parse(at(fromDays, "00:00"))).toISOString()}", to: "${new Date(Date.parse(at(fromDays + days, "00:00"))).toISOString()}"`;
  const catalogQuery = (fields: string) => `{ resources(first: 100, filter: { businessId: "${desks.business.id}" }) { edges { node { id ${fields} } } } }`;

  it("refuses 14 aliased 60-day availability fields over 100 resources before any subgraph works, while createBooking goes on", async () => {
    await moreResourcesLike(99);
    const heavy = catalogQuery(Array.from({ length: 14 }, (_, index) => `a${index}: availability(${range(2 + index, 60)}) { start end available }`).join(" "));
    const withVariables = `query($from: DateTime!, $to: DateTime!) { resources(first: 100) { edges { node { id ${Array.from({ length: 14 }, (_, index) => `a${index}: availability(from: $from, to: $to) { start end available }`).join(" ")} } } } }`;
    system.resetQueries();
    const [refused, refusedWithVariables] = await Promise.all([system.request(heavy), system.request(withVariables, { from: at(2, "00:00"), to: at(62, "00:00") })]);
    expect(failureOf(refused)?.code).toBe("QUERY_TOO_COMPLEX");
    expect(failureOf(refusedWithVariables)?.code).toBe("QUERY_TOO_COMPLEX");
    // the refused documents reached no subgraph
    expect(system.queryCounts()).toMatchObject({ bookings: 0, resources: 0 });
    // and bookings go on while they keep coming (a fresh account: the first tests spent customer's tries)
    const booker = await signUp(system, { prefix: "booker" });
    const [booking] = await Promise.all([
      createBookingFrom(freshAddress(), booker.accessToken, { resourceId: desks.resource.id, startTime: at(40, "10:00"), endTime: at(40, "11:00") }),
      ...Array.from({ length: 10 }, () => system.request(heavy)),
    ]);
    expect(booking.data.createBooking.status).toBe("HOLD");
  }, 60_000);

  it("answers availability for 100 resources with a constant number of internal reads: one facts call, one bookings and one blocks query", async () => {
    const measure = async (fields: string) => {
      system.resetQueries();
      const result = await system.request(catalogQuery(fields));
      expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
      const counts = system.queryCounts();
      return { nodes: result.data.resources.edges.length as number, bookings: counts.bookings, resources: counts.resources };
    };
    const one = await measure(`availability(${range(5, 1)}) { start end available }`);
    const three = await measure(["a", "b", "c"].map((alias, index) => `${alias}: availability(${range(5 + index, 1)}) { start end available }`).join(" "));
    console.log(`availability over ${one.nodes} resources: one field ${JSON.stringify(one)}, three aliased fields ${JSON.stringify(three)}`);
    expect(one.nodes).toBe(100);
    // per field: one query for the bookings and one for the blocks of all 100 resources
    expect(one.bookings).toBe(2);
    expect(three.bookings).toBe(6);
    // resources: the list, and one batched facts read for all 100 resources however many fields
    expect(one.resources).toBeLessThan(10);
    expect(three.resources).toBe(one.resources);
  }, 60_000);
});
