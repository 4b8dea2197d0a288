import { bookingsSubgraph } from "@booking/bookings/subgraph";
import { Role, startSubgraph, type RunningSubgraph } from "@booking/common";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp, type SignedIn } from "../support/accounts.js";
import { CREATE_BOOKING, createBooking, localTime, type BookingInput } from "../support/bookings.js";
import { TEST_INTERNAL_SECRET, subgraphRequest, type GraphQLResult } from "../support/subgraph.js";
import { startTestSupergraph, type TestSupergraph } from "../support/supergraph.js";
import { makeBookableResource } from "../support/factories.js";
import { codeOf } from "../support/errors.js";

let system: TestSupergraph;
let customers: SignedIn[];

beforeAll(async () => {
  system = await startTestSupergraph({ routerEnv: { RATE_LIMITS: "off" } });
  customers = await Promise.all(Array.from({ length: 10 }, (_, index) => signUp(system, { prefix: `racer${index}` })));
}, 60_000);
afterAll(async () => system?.stop());

const at = (days: number, time: string) => localTime("Europe/Lisbon", days, time);

/** `count` createBooking calls fired at once, spread over the customers. */
async function race(count: number, input: (index: number) => BookingInput): Promise<GraphQLResult<any>[]> {
  return Promise.all(Array.from({ length: count }, (_, index) => createBooking(system, customers[index % customers.length]!.accessToken, input(index))));
}

function tally(results: GraphQLResult<any>[]) {
  const codes = results.map((result) => (result.errors ? String(codeOf(result)) : "OK"));
  return { winners: codes.filter((code) => code === "OK").length, unavailable: codes.filter((code) => code === "SLOT_UNAVAILABLE").length, other: codes.filter((code) => code !== "OK" && code !== "SLOT_UNAVAILABLE") };
}

/**
 * An independent check on the stored rows: the most units live bookings of each resource take
 * at any instant (the peak is always at some booking's start).
 */
async function peakUnits(resourceIds: string[]): Promise<Map<string, number>> {
  const rows = await system.subgraphs.bookings.db.$queryRaw<{ resourceId: string; peak: number }[]>`
    WITH live AS (
      SELECT "id", "resource_id", "start_time", "end_time", "quantity" FROM "bookings"
      WHERE "status" IN ('HOLD', 'CONFIRMED') AND "resource_id" = ANY(${resourceIds}::uuid[])
    )
    SELECT a."resource_id" AS "resourceId", max(usage)::int AS "peak" FROM (
      SELECT a."id", sum(b."quantity") AS usage
      FROM live a JOIN live b ON b."resource_id" = a."resource_id" AND b."start_time" <= a."start_time" AND a."start_time" < b."end_time"
      GROUP BY a."id"
    ) per_start JOIN live a ON a."id" = per_start."id"
    GROUP BY a."resource_id"`;
  return new Map(rows.map((row) => [row.resourceId, row.peak]));
}

describe("no overbooking under concurrency", () => {
  it.each([
    [1, 1],
    [3, 3],
  ])("lets exactly %i of 50 simultaneous bookings of one range win on capacity %i; the rest get SLOT_UNAVAILABLE", async (capacity, expected) => {
    const resource = await makeBookableResource(system, { capacity });
    const started = performance.now();
    const results = await race(50, () => ({ resourceId: resource.resource.id, startTime: at(3, "10:00"), endTime: at(3, "12:00") }));
    const elapsed = performance.now() - started;
    const { winners, unavailable, other } = tally(results);
    console.log(`capacity ${capacity}: ${winners} winners, ${unavailable} SLOT_UNAVAILABLE of 50 in ${elapsed.toFixed(0)} ms (${(elapsed / 50).toFixed(1)} ms per createBooking under contention)`);
    expect(other).toEqual([]);
    expect(winners).toBe(expected);
    expect(unavailable).toBe(50 - expected);
    expect(await system.subgraphs.bookings.db.booking.count({ where: { resourceId: resource.resource.id } })).toBe(expected);
  });

  it("holds on two bookings instances sharing one database: exactly one of 50 wins", async () => {
    const second: RunningSubgraph<unknown> = await startSubgraph(bookingsSubgraph, {
      databaseUrl: system.subgraphs.bookings.databaseUrl,
      port: 0,
      production: false,
      internalSecret: TEST_INTERNAL_SECRET,
      migrate: false,
      poolSize: 5,
      env: { NODE_ENV: "test", USERS_URL: system.subgraphs.users.url, RESOURCES_URL: system.subgraphs.resources.url },
    });
    try {
      const resource = await makeBookableResource(system, { capacity: 1 });
      const urls = [system.subgraphs.bookings.url, second.url];
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, index) =>
          subgraphRequest(
            urls[index % 2]!,
            CREATE_BOOKING,
            { input: { resourceId: resource.resource.id, startTime: at(4, "10:00"), endTime: at(4, "11:00"), idempotencyKey: `two-instances-${index}` } },
            { viewer: { userId: customers[index % customers.length]!.id, role: Role.CUSTOMER }, audience: "bookings" },
          ),
        ),
      );
      const { winners, unavailable, other } = tally(results);
      expect(other).toEqual([]);
      expect(winners).toBe(1);
      expect(unavailable).toBe(49);
    } finally {
      await second.stop();
    }
  });

  it("never exceeds capacity at any instant under random overlapping ranges, quantities and cancellations", async () => {
    const resources = await Promise.all([1, 2, 4].map((capacity) => makeBookableResource(system, { capacity })));
    const capacities = new Map(resources.map((resource, index) => [resource.resource.id, [1, 2, 4][index]!]));
    let seed = 20261123;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const won: { id: string; token: string }[] = [];
    let attempts = 0;
    for (let wave = 0; wave < 4; wave += 1) {
      const results = await race(60, (index) => {
        const resource = resources[Math.floor(random() * resources.length)]!;
        const startHour = Math.floor(random() * 20);
        const hours = 1 + Math.floor(random() * 4);
        const quantity = 1 + Math.floor(random() * Math.min(2, capacities.get(resource.resource.id)!));
        void index;
        return { resourceId: resource.resource.id, startTime: at(5, `${String(startHour).padStart(2, "0")}:00`), endTime: new Date(Date.parse(at(5, "00:00")) + (startHour + hours) * 3600_000).toISOString(), quantity };
      });
      attempts += results.length;
      const { other } = tally(results);
      expect(other).toEqual([]);
      results.forEach((result, index) => {
        if (!result.errors) won.push({ id: result.data.createBooking.id, token: customers[index % customers.length]!.accessToken });
      });
      // cancel some winners while the next wave books
      const cancelling = won.splice(0, Math.floor(won.length / 3));
      await Promise.all(cancelling.map((booking) => system.request(`mutation($id: ID!) { cancelBooking(id: $id) { id } }`, { id: booking.id }, { token: booking.token })));
    }
    const peaks = await peakUnits([...capacities.keys()]);
    const live = await system.subgraphs.bookings.db.booking.count({ where: { resourceId: { in: [...capacities.keys()] }, status: { in: ["HOLD", "CONFIRMED"] } } });
    console.log(`random ranges: ${attempts} attempts, ${live} live bookings, peaks ${JSON.stringify(Object.fromEntries([...peaks].map(([id, peak]) => [capacities.get(id), peak])))} (capacity: peak)`);
    for (const [resourceId, capacity] of capacities) expect(peaks.get(resourceId) ?? 0).toBeLessThanOrEqual(capacity);
    // the test means something only if the resources were actually contended
    expect([...peaks.values()].some((peak) => peak > 1)).toBe(true);
  });

  it("takes a booking in a few milliseconds without contention", async () => {
    const resource = await makeBookableResource(system, { capacity: 1 });
    const timings: number[] = [];
    for (let index = 0; index < 20; index += 1) {
      const started = performance.now();
      const result = await createBooking(system, customers[0]!.accessToken, { resourceId: resource.resource.id, startTime: at(6 + index, "10:00"), endTime: at(6 + index, "11:00") });
      timings.push(performance.now() - started);
      expect(result.errors).toBeUndefined();
    }
    timings.sort((a, b) => a - b);
    console.log(`createBooking through the router, sequential: median ${timings[10]!.toFixed(1)} ms, max ${timings.at(-1)!.toFixed(1)} ms`);
    expect(timings[10]).toBeLessThan(500);
  });
});
