import { spawn } from "node:child_process";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { benchWaitlist } from "./bench-waitlist.js";
import { freePort } from "./embedded-postgres.js";

/**
 * `npm run bench`: starts the whole system (embedded PostgreSQL, five subgraphs, router) with
 * rate limits off, drives it over HTTP like clients do, and prints latency percentiles and
 * throughput per scenario. Numbers, not pass/fail: compare them across changes.
 */
const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 400);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const ADMIN = { email: "bench-admin@example.com", password: "bench admin password" };
const DEMO_PASSWORD = "booking-demo-2026";

interface Scenario {
  name: string;
  run: () => Promise<void>;
}

async function main(): Promise<void> {
  await mkdir(path.join(ROOT, ".test-data"), { recursive: true });
  const dataDir = await mkdtemp(path.join(ROOT, ".test-data", "bench-"));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/graphql`;
  const child = spawn(process.execPath, [path.join(ROOT, "scripts/dist/start.js")], {
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, RATE_LIMITS: "off", SEED_DEMO: "true", ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  try {
    process.stdout.write("starting the system ");
    const deadline = Date.now() + 120_000;
    while (!output.includes("Booking supergraph ready")) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the system did not start:\n${output}`);
      process.stdout.write(".");
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    console.log(" ready\n");

    const request = async (query: string, variables: Record<string, unknown> = {}, token?: string) => {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: any; errors?: unknown[] };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return body.data;
    };
    const signIn = async (login: string, password: string): Promise<string> =>
      (await request(`mutation($l: String!, $p: String!) { login(login: $l, password: $p) { accessToken } }`, { l: login, p: password })).login.accessToken;
    const token = await signIn(ADMIN.email, ADMIN.password);
    // The demo data set: a customer, and the co-working space's pool of 20 desks booked by the DAY.
    const customerToken = await signIn("customer@example.com", DEMO_PASSWORD);
    const vendorToken = await signIn("cowork@example.com", DEMO_PASSWORD);
    const pool = (await request(`{ resources(filter: { search: "Hot desk" }, first: 1) { edges { node { id business { id } } } } }`)).resources.edges[0].node;
    let day = 0;
    const firstDay = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() + 2);

    const scenarios: Scenario[] = [
      { name: "anonymous { me } (router only)", run: () => request(`{ me { id } }`) },
      { name: "authenticated { me } (JWT + status + users)", run: () => request(`{ me { id email } }`, {}, token) },
      { name: "admin users(first: 50) (one subgraph, list)", run: () => request(`{ users(first: 50) { totalCount edges { node { id email } } } }`, {}, token) },
      {
        name: "federated: me, businesses, resources",
        run: () => request(`{ me { id business { id } } businesses(first: 20) { totalCount } resources(first: 20) { totalCount } }`, {}, token),
      },
      { name: "login (argon2id verify + token)", run: () => request(`mutation($l: String!, $p: String!) { login(login: $l, password: $p) { accessToken } }`, { l: ADMIN.email, p: ADMIN.password }) },
      {
        name: "createBooking (HOLD, capacity-20 pool, lock)",
        run: async () => {
          day += 1;
          const start = new Date(firstDay + (day % 700) * 86_400_000);
          await request(`mutation($input: CreateBookingInput!) { createBooking(input: $input) { id status } }`, {
            input: { resourceId: pool.id, startTime: start.toISOString(), endTime: new Date(start.getTime() + 86_400_000).toISOString(), idempotencyKey: `bench-${process.pid}-${day}` },
          }, customerToken);
        },
      },
      {
        name: "vendor: 50 bookings across five subgraphs",
        run: () =>
          request(
            `query($id: ID!) { business(id: $id) { bookings(first: 50) { totalCount edges { node { id customer { username } resource { name business { owner { username } } } payment { status } } } } } }`,
            { id: pool.business.id },
            vendorToken,
          ),
      },
    ];

    console.log(`${REQUESTS} requests per scenario, ${CONCURRENCY} at a time\n`);
    console.log(`${"scenario".padEnd(48)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)} ${"p99 ms".padStart(8)} ${"req/s".padStart(8)}`);
    for (const scenario of scenarios) {
      const requests = scenario.name.startsWith("login") ? Math.min(REQUESTS, 100) : scenario.name.startsWith("createBooking") ? Math.min(REQUESTS, 300) : REQUESTS;
      const result = await measure(scenario.run, requests, CONCURRENCY);
      console.log(
        `${scenario.name.padEnd(48)} ${result.p50.toFixed(1).padStart(8)} ${result.p95.toFixed(1).padStart(8)} ${result.p99.toFixed(1).padStart(8)} ${result.throughput.toFixed(0).padStart(8)}`,
      );
    }
    await benchWaitlist({ request, dataDir, vendorToken, businessId: pool.business.id });
  } finally {
    child.kill("SIGINT");
    await new Promise((resolve) => child.once("exit", resolve));
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function measure(run: () => Promise<void>, requests: number, concurrency: number) {
  await Promise.all(Array.from({ length: Math.min(concurrency, 8) }, () => run())); // warm-up
  const durations: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) {
        next += 1;
        const begin = performance.now();
        await run();
        durations.push(performance.now() - begin);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  durations.sort((a, b) => a - b);
  const at = (fraction: number) => durations[Math.min(durations.length - 1, Math.floor(durations.length * fraction))]!;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), throughput: durations.length / elapsed };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
