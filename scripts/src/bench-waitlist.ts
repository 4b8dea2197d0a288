import { performance } from "node:perf_hooks";
import { graphql, inParallel, signUp } from "./bench-data.js";

/** What `npm run bench` hands its scenarios (scripts/src/bench.ts). */
export interface WaitlistBenchContext {
  quick: boolean;
  routerUrl: string;
  /** where sign-up codes are read (the users database's event outbox) */
  databaseUrls: { users: string };
  vendors: { token: string; businessId: string }[];
}

/** One line of the bench's table (the shape scripts/src/bench.ts prints and writes). */
export interface WaitlistBenchRow {
  scenario: string;
  router: string;
  p50?: number;
  p99?: number;
  figures?: Record<string, number | string>;
  target?: string;
  met?: boolean | null;
}

/** The bench's entry point: the scenario below on the running system, as table rows. */
export async function benchWaitlist(context: WaitlistBenchContext): Promise<WaitlistBenchRow[]> {
  const vendor = context.vendors.at(-1)!;
  const waiting = context.quick ? 100 : 1_000;
  const result = await runWaitlistBench(context, vendor, waiting, context.quick ? 10 : 100);
  return [
    {
      scenario: `waitlist: cancel -> offer, ${result.joined} waiting`,
      router: "this project's router",
      p50: result.cancelP50,
      p99: result.cancelP99,
      figures: { "offers/s": Math.round(result.cancelOffersPerSecond) },
      target: "(none set)",
      met: null,
    },
    {
      scenario: `waitlist: capacity grows, ${result.bulkOffers} offers at once`,
      router: "this project's router",
      figures: { "offers/s": Math.round(result.bulkOffersPerSecond), seconds: Number(result.bulkSeconds.toFixed(2)) },
      target: "(none set)",
      met: null,
    },
  ];
}

interface WaitlistBenchResult {
  joined: number;
  cancelP50: number;
  cancelP99: number;
  cancelOffersPerSecond: number;
  bulkOffers: number;
  bulkSeconds: number;
  bulkOffersPerSecond: number;
}

/** MAX_HOLDS_PER_CUSTOMER's default: each customer waits this many times, so every entry can be offered */
const ENTRIES_PER_CUSTOMER = 5;

/**
 * Offers per second with 1,000 entries waiting on one pool: first cancellation by cancellation
 * (each frees one unit, which its transaction offers to the next in line), then the rest at once
 * when the pool's capacity grows to take them all (one transaction serves the whole line).
 * Prints one line per measurement and returns the figures.
 */
async function runWaitlistBench(context: WaitlistBenchContext, vendor: { token: string; businessId: string }, waiting: number, cancellations: number): Promise<WaitlistBenchResult> {
  const request = (query: string, variables: Record<string, unknown>, token?: string) => graphql(context.routerUrl, query, variables, token);
  const vendorToken = vendor.token;
  const pool = (
    await request(
      `mutation($businessId: ID!, $input: CreateResourceInput!) { createResource(businessId: $businessId, input: $input) { id } }`,
      { businessId: vendor.businessId, input: { name: `Waitlist pool ${process.pid}`, type: "DESK", price: "10.00", currency: "AUD", priceUnit: "DAY", capacity: 1 } },
      vendorToken,
    )
  ).createResource;
  const start = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() + 30));
  const range = { startTime: start.toISOString(), endTime: new Date(start.getTime() + 86_400_000).toISOString() };
  const customers = (
    await inParallel(Array.from({ length: waiting / ENTRIES_PER_CUSTOMER }, (_, index) => index), 8, (index) =>
      signUp(context.routerUrl, context.databaseUrls.users, `bench-waiter-${process.pid}-${index}`, "CUSTOMER"),
    )
  ).map((customer) => customer.token);
  // the one unit is taken, then everybody queues for it
  await request(`mutation($input: CreateBookingInput!) { createBooking(input: $input) { id } }`, { input: { resourceId: pool.id, ...range, idempotencyKey: "bench-first" } }, customers[0]);
  let joined = 0;
  await inParallel(Array.from({ length: waiting }, (_, index) => index), 8, async (index) => {
    const token = customers[index % customers.length]!;
    await request(`mutation($input: JoinWaitlistInput!) { joinWaitlist(input: $input) { id status } }`, { input: { resourceId: pool.id, ...range, idempotencyKey: `bench-wait-${index}` } }, token);
    joined += 1;
  });

  const liveHolds = async (): Promise<{ totalCount: number; edges: { node: { id: string } }[] }> =>
    (await request(`query($id: ID!) { resource(id: $id) { bookings(first: 1, status: HOLD) { totalCount edges { node { id } } } } }`, { id: pool.id }, vendorToken)).resource.bookings;

  // One at a time: the owner cancels the live HOLD, and the same transaction offers it to the next in line.
  const durations: number[] = [];
  const began = performance.now();
  for (let step = 0; step < cancellations; step += 1) {
    const [hold] = (await liveHolds()).edges;
    const at = performance.now();
    await request(`mutation($id: ID!) { cancelBooking(id: $id) { id } }`, { id: hold!.node.id }, vendorToken);
    durations.push(performance.now() - at);
  }
  const elapsed = (performance.now() - began) / 1000;
  durations.sort((a, b) => a - b);
  const p = (fraction: number) => Number(durations[Math.min(durations.length - 1, Math.floor(durations.length * fraction))]!.toFixed(1));
  console.log(`waitlist: cancel -> offer, ${joined} waiting: p50 ${p(0.5)} ms, p99 ${p(0.99)} ms, ${(cancellations / elapsed).toFixed(0)} offers/s`);

  // The rest at once: capacity grows to take the whole line; resources tells bookings over the backbone.
  const remaining = waiting - cancellations;
  const grown = performance.now();
  await request(`mutation($id: ID!, $input: UpdateResourceInput!) { updateResource(id: $id, input: $input) { id } }`, { id: pool.id, input: { capacity: waiting + 1 } }, vendorToken);
  while ((await liveHolds()).totalCount < remaining + 1) await new Promise((resolve) => setTimeout(resolve, 20));
  const seconds = (performance.now() - grown) / 1000;
  console.log(`waitlist: capacity grows, ${remaining} offers in one transaction: ${seconds.toFixed(2)} s from updateResource, ${(remaining / seconds).toFixed(0)} offers/s`);
  return { joined, cancelP50: p(0.5), cancelP99: p(0.99), cancelOffersPerSecond: cancellations / elapsed, bulkOffers: remaining, bulkSeconds: seconds, bulkOffersPerSecond: remaining / seconds };
}
