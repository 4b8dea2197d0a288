import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { performance } from "node:perf_hooks";

/** What the waitlist scenario needs from `npm run bench`'s running system. */
export interface WaitlistBenchSystem {
  /** a GraphQL request through the router; throws on errors */
  request: (query: string, variables?: Record<string, unknown>, token?: string) => Promise<any>;
  /** the running system's DATA_DIR: sign-up codes are mailed to files under mail/ */
  dataDir: string;
  /** a vendor's token and its business, where the scenario adds its own pool */
  vendorToken: string;
  businessId: string;
}

/** What `npm run bench` hands its scenarios (scripts/src/bench.ts). */
export interface WaitlistBenchContext {
  quick: boolean;
  routerUrl: string;
  dataDir: string;
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
  const request = async (query: string, variables: Record<string, unknown> = {}, token?: string) => {
    const response = await fetch(context.routerUrl, { method: "POST", headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query, variables }) });
    const body = (await response.json()) as { data?: any; errors?: unknown[] };
    if (body.errors) throw new Error(`waitlist bench: ${JSON.stringify(body.errors)}`);
    return body.data;
  };
  const waiting = context.quick ? 100 : 1_000;
  const result = await runWaitlistBench({ request, dataDir: context.dataDir, vendorToken: vendor.token, businessId: vendor.businessId }, waiting, context.quick ? 10 : 100);
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
const PASSWORD = "bench waitlist password";

/**
 * Offers per second with 1,000 entries waiting on one pool: first cancellation by cancellation
 * (each frees one unit, which its transaction offers to the next in line), then the rest at once
 * when the pool's capacity grows to take them all (one transaction serves the whole line).
 * Prints one line per measurement and returns the figures.
 */
async function runWaitlistBench(system: WaitlistBenchSystem, waiting: number, cancellations: number): Promise<WaitlistBenchResult> {
  const { request, vendorToken } = system;
  const pool = (
    await request(
      `mutation($businessId: ID!, $input: CreateResourceInput!) { createResource(businessId: $businessId, input: $input) { id } }`,
      { businessId: system.businessId, input: { name: `Waitlist pool ${process.pid}`, type: "DESK", price: "10.00", currency: "AUD", priceUnit: "DAY", capacity: 1 } },
      vendorToken,
    )
  ).createResource;
  const start = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() + 30));
  const range = { startTime: start.toISOString(), endTime: new Date(start.getTime() + 86_400_000).toISOString() };
  const customers = await signUpCustomers(system, waiting / ENTRIES_PER_CUSTOMER);
  // the one unit is taken, then everybody queues for it
  await request(`mutation($input: CreateBookingInput!) { createBooking(input: $input) { id } }`, { input: { resourceId: pool.id, ...range, idempotencyKey: "bench-first" } }, customers[0]);
  let joined = 0;
  await inParallel(waiting, 8, async (index) => {
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

async function signUpCustomers(system: WaitlistBenchSystem, count: number): Promise<string[]> {
  const tokens: string[] = [];
  await inParallel(count, 8, async (index) => {
    const email = `bench-waiter-${process.pid}-${index}@example.com`;
    await system.request(`mutation($input: RegisterInput!) { register(input: $input) { id } }`, { input: { email, username: `bench_waiter_${process.pid}_${index}`, password: PASSWORD } });
    await system.request(`mutation($email: String!, $code: String!) { verifyEmail(email: $email, code: $code) { id } }`, { email, code: await mailedCode(system.dataDir, email) });
    tokens.push((await system.request(`mutation($l: String!, $p: String!) { login(login: $l, password: $p) { accessToken } }`, { l: email, p: PASSWORD })).login.accessToken);
  });
  return tokens;
}

/** The sign-up code mailed to `email` (mail goes to files under DATA_DIR/mail without SMTP_URL). */
async function mailedCode(dataDir: string, email: string): Promise<string> {
  const folder = path.join(dataDir, "mail");
  for (let attempt = 0; attempt < 100; attempt += 1) {
    for (const file of (await readdir(folder).catch(() => [])).reverse()) {
      const text = await readFile(path.join(folder, file), "utf8");
      const code = text.startsWith(`To: ${email}\n`) ? text.match(/\b(\d{6})\b/)?.[1] : undefined;
      if (code) return code;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no code mailed to ${email}`);
}

async function inParallel(count: number, concurrency: number, run: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const index = next;
        next += 1;
        await run(index);
      }
    }),
  );
}
