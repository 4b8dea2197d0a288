import { databaseUrlFor, ensureDatabase } from "@booking/common";
import { SUBGRAPH_NAMES, subgraphDatabaseVariable, subgraphPort, subgraphUrlVariable, type SubgraphName } from "@booking/contracts";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { CREATE_BOOKING, DAY, DEMO_PASSWORD, HOUR, confirmedBookings, graphql, inParallel, insertConfirmedBookings, makeVendor, signIn, signUp, type Account, type BenchVendor } from "./bench-data.js";
import { runLoad, type LoadPlan, type LoadResult } from "./bench-load.js";
import { benchWaitlist } from "./bench-waitlist.js";
import { measureUsage, rssMb, type GroupUsage, type ProcessGroup } from "./bench-processes.js";
import { seedDemoData } from "./demo-data.js";
import { startEmbeddedPostgres, type EmbeddedCluster } from "./embedded-postgres.js";

/**
 * `npm run bench` (`-- --quick`: each scenario a few seconds, as CI runs it). Starts the system
 * once (embedded PostgreSQL, the five subgraphs and the router, through scripts/dist/start.js,
 * RATE_LIMITS=off), the peer routers in front of the same subgraphs, loads data, checks every
 * router answers the same data, then runs every scenario with load from a separate process
 * (bench/load.mjs, autocannon) and the CPU and memory of every process read from /proc.
 * Prints a table and writes bench/results/<timestamp>.json. README "Performance" explains it.
 */
const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const BENCH_DIR = path.join(ROOT, "bench");
const QUICK = process.argv.includes("--quick");
// `--only availability,SQL`: just the scenarios whose names contain one of these (while working on one).
const ONLY = process.argv.includes("--only") ? (process.argv[process.argv.indexOf("--only") + 1] ?? "").split(",").filter(Boolean) : null;
const SECONDS = QUICK ? 3 : 15;
const WARM_UP_SECONDS = QUICK ? 1 : 3;
// Quick runs prove the scenarios work: fewer connections so that answers come within a short run.
const READ_CONNECTIONS = QUICK ? 10 : 50;
const WRITE_CONNECTIONS = 16;
const VENDORS = 20;
const DASHBOARD_BOOKINGS = 49; // and one through the API: 50 per dashboard
const SUBSCRIBERS = QUICK ? 100 : 1_000;
const SUBSCRIPTION_EVENTS = QUICK ? 3 : 10;
const BUSY_BOOKINGS = 10_000;

const DASHBOARD = `query VendorDashboard($id: ID!) { business(id: $id) { bookings(first: 50) { totalCount edges { node { id bookingNumber status startTime endTime
  customer { username } resource { name business { owner { username } } } payment { status } } } } } }`;
const DASHBOARD_100 = DASHBOARD.replace("first: 50", "first: 100");
const CATALOG = `query PublicCatalog { resources(first: 20) { edges { node { id name type capacity priceUnit price { amount currency } business { id name city } } } } }`;
const AVAILABILITY = `query Availability($id: ID!, $from: DateTime!, $to: DateTime!) { resource(id: $id) { availability(from: $from, to: $to) { start end available } } }`;
const AVAILABILITY_AT_SUBGRAPH = `query Availability($representations: [_Any!]!, $from: DateTime!, $to: DateTime!) { _entities(representations: $representations) { ... on Resource { availability(from: $from, to: $to) { start end available } } } }`;

// ---------------------------------------------------------------------------------------------
// Results

interface Row {
  scenario: string;
  router: string;
  rps?: number;
  p50?: number;
  p99?: number;
  /** CPU ms per request (or per booking) of each process group, and their sum. */
  cpuMsPerRequest?: Record<string, number>;
  peakRssMb?: Record<string, number>;
  /** Any other figure of the scenario (statements per request, MB per subscriber, seconds). */
  figures?: Record<string, number | string>;
  target?: string;
  met?: boolean | null;
  note?: string;
}

const rows: Row[] = [];
const notes: string[] = [];
const failures: string[] = [];

/** Runs one scenario; a failure is recorded (and fails the run at the end) without losing the others. */
async function scenario(name: string, run: () => Promise<void>): Promise<void> {
  if (ONLY && !ONLY.some((part) => name.toLowerCase().includes(part.toLowerCase()))) return;
  try {
    await run();
  } catch (error) {
    const message = (error as Error).message.split("\n").slice(0, 8).join(" | ");
    failures.push(`${name}: ${message}`);
    rows.push({ scenario: name, router: "-", note: `FAILED: ${message.slice(0, 400)}` });
    console.error(`${name} failed:`, error);
  }
}

// ---------------------------------------------------------------------------------------------
// The system under test

interface Peer {
  key: string;
  label: string;
  url: string;
  group: ProcessGroup | null;
  child: ChildProcess | null;
  unavailable?: string;
}

const children: ChildProcess[] = [];
/** The embedded cluster this process started, stopped however the run ends. */
let runningCluster: EmbeddedCluster | null = null;

/** Loads bench/'s own packages (autocannon, peers) on first use, from its committed lockfile. */
function ensureBenchTools(): void {
  if (existsSync(path.join(BENCH_DIR, "node_modules/autocannon/package.json")) && existsSync(path.join(BENCH_DIR, "node_modules/@graphql-hive/gateway/package.json"))) return;
  console.log("installing the benchmark's tools and peers (bench/package.json, first use only)");
  const result = spawnSync("npm", ["ci", "--prefix", BENCH_DIR, "--no-audit", "--no-fund"], { stdio: "inherit" });
  if (result.status !== 0) throw new Error("npm ci --prefix bench failed");
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/**
 * A base port with the next `count` ports free too (router, subgraphs, peers), below Linux's
 * ephemeral range (32768+): the peers bind theirs only after the system has started, and an
 * outgoing connection made meanwhile must not take one (a peer once failed with EADDRINUSE).
 */
async function freePortRange(count: number): Promise<number> {
  for (;;) {
    const base = 20_000 + Math.floor(Math.random() * (32_768 - 20_000 - count));
    const checks = await Promise.all(Array.from({ length: count }, (_, offset) => portIsFree(base + offset)));
    if (checks.every(Boolean)) return base;
  }
}

async function waitForHttp(url: string, child: ChildProcess, timeoutMs: number, init?: RequestInit): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}`);
    try {
      const response = await fetch(url, { ...init, signal: AbortSignal.timeout(1_000) });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // not yet
    }
    await sleep(100);
  }
  throw new Error(`no answer at ${url} within ${timeoutMs / 1000}s`);
}

/** Spawns a Node process on this Node (24), its output kept for a failure message. */
function spawnNode(entry: string, env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, [entry], { env, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-4_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return { child, output: () => output };
}

async function stopChild(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill(signal);
  await Promise.race([exited, sleep(15_000).then(() => child.kill("SIGKILL"))]);
}

// SQL statements are counted from PostgreSQL's own log (log_statement = all, only while
// counting): the embedded server's log reaches this process through console.log.
let loggedStatements: { database: string; text: string }[] = [];
let countingStatements = false;
const printLine = console.log.bind(console);
console.log = (...args: unknown[]) => {
  const text = args.map(String).join(" ");
  if (!text.startsWith("[postgres]")) return printLine(...args);
  if (!countingStatements) return;
  // One entry per line that starts with the prefix; a statement's own lines follow its first.
  for (const entry of text.split(/\n(?=@\w*@ )/)) {
    const match = /@(\w*)@ LOG:\s+(?:statement|execute [^:]*): ([\s\S]*)/.exec(entry);
    if (match) loggedStatements.push({ database: match[1]!, text: match[2]!.replace(/\s+/g, " ").trim() });
  }
};

interface System {
  port: number;
  url: string;
  wsUrl: string;
  dataDir: string;
  cluster: EmbeddedCluster;
  databaseUrls: Record<SubgraphName | "events", string>;
  internalSecret: string;
  subgraphUrls: Record<SubgraphName, string>;
  groups: { router: ProcessGroup; subgraphs: ProcessGroup[]; postgres: ProcessGroup };
}

/** Stops what a failed start left: its processes and the embedded cluster. */
async function stopEverything(): Promise<void> {
  for (const child of children.splice(0)) await stopChild(child, "SIGINT");
  await runningCluster?.stop().catch(() => undefined);
  runningCluster = null;
}

async function startSystem(): Promise<System> {
  await mkdir(path.join(ROOT, ".test-data"), { recursive: true });
  const dataDir = await mkdtemp(path.join(ROOT, ".test-data", "bench-"));
  const cluster = await startEmbeddedPostgres(path.join(dataDir, "postgres"), { log: true });
  runningCluster = cluster;
  const databaseUrls = {} as Record<SubgraphName | "events", string>;
  for (const name of [...SUBGRAPH_NAMES, "events"] as const) {
    await ensureDatabase(cluster.url, name);
    databaseUrls[name] = databaseUrlFor(cluster.url, name);
  }
  const postmasterPid = Number((await readFile(path.join(dataDir, "postgres", "postmaster.pid"), "utf8")).split("\n")[0]);
  const port = await freePortRange(16);
  const internalSecret = randomBytes(32).toString("hex");
  const subgraphUrls = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, `http://127.0.0.1:${subgraphPort(name, port)}/graphql`])) as Record<SubgraphName, string>;
  // What npm start (system.ts) does, piece by piece, so that each service gets longer than system.ts's 60 s to
  // be healthy on a machine busy with other work, and so that each process's pid is known.
  await seedDemoData(databaseUrls);
  const shared: NodeJS.ProcessEnv = {
    ...process.env,
    ...Object.fromEntries(SUBGRAPH_NAMES.map((name) => [subgraphUrlVariable(name), subgraphUrls[name]])),
    EVENTS_DATABASE_URL: databaseUrls.events,
    NODE_ENV: "development",
    RATE_LIMITS: "off",
    // load, not the holds limit, is measured: the write scenario holds thousands of units per customer
    MAX_HOLDS_PER_CUSTOMER: "10000",
    INTERNAL_SECRET: internalSecret,
    PAYMENTS_WEBHOOK_SECRET: randomBytes(32).toString("hex"),
    PAYMENTS_WEBHOOK_URL: `http://127.0.0.1:${port}/webhooks/payments/test`,
    DATA_DIR: dataDir,
  };
  const startService = async (name: string, entry: string, env: NodeJS.ProcessEnv, healthUrl: string): Promise<ProcessGroup> => {
    const child = spawn(process.execPath, ["--enable-source-maps", path.join(ROOT, entry)], { env, stdio: ["ignore", "pipe", "pipe", "ipc"] });
    children.push(child);
    let output = "";
    const keep = (chunk: Buffer) => (output = (output + chunk.toString("utf8")).slice(-4_000));
    child.stdout!.on("data", keep);
    child.stderr!.on("data", keep);
    try {
      await waitForHttp(healthUrl, child, 240_000);
    } catch (error) {
      throw new Error(`${name} did not start: ${(error as Error).message}\n${output}`);
    }
    return { name, pid: child.pid!, withChildren: false };
  };
  const subgraphs = await Promise.all(
    SUBGRAPH_NAMES.map((name) =>
      startService(name, `subgraphs/${name}/dist/index.js`, { ...shared, PORT: String(subgraphPort(name, port)), [subgraphDatabaseVariable(name)]: databaseUrls[name] }, `http://127.0.0.1:${subgraphPort(name, port)}/health`),
    ),
  );
  const router = await startService("router", "router/dist/index.js", { ...shared, PORT: String(port) }, `http://127.0.0.1:${port}/health`);
  return {
    port,
    url: `http://127.0.0.1:${port}/graphql`,
    wsUrl: `ws://127.0.0.1:${port}/graphql`,
    dataDir,
    cluster,
    databaseUrls,
    internalSecret,
    subgraphUrls,
    groups: { router, subgraphs, postgres: { name: "postgres", pid: postmasterPid, withChildren: true } },
  };
}

/** The project's router and the peers, each in front of the same subgraphs; a peer that cannot start says why. */
async function startRouters(system: System): Promise<Peer[]> {
  const peerEnv = (port: number, extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
    ...process.env,
    PORT: String(port),
    SUPERGRAPH_PATH: path.join(ROOT, "schema/supergraph.graphql"),
    INTERNAL_SECRET: system.internalSecret,
    NODE_ENV: "production",
    ...Object.fromEntries(SUBGRAPH_NAMES.map((name) => [`${name.toUpperCase()}_URL`, system.subgraphUrls[name]])),
    ...extra,
  });
  const peers: Peer[] = [{ key: "project", label: "this project's router", url: system.url, group: system.groups.router, child: null }];
  const candidates: { key: string; label: string; entry: string; port: number; extra: Record<string, string> }[] = [
    { key: "apollo", label: "bare @apollo/gateway 2.14.4", entry: path.join(ROOT, "scripts/dist/bench-apollo-gateway.js"), port: system.port + 10, extra: {} },
    { key: "hive", label: "Hive Gateway 2.15 (JS planner)", entry: path.join(BENCH_DIR, "peers/hive-gateway.mjs"), port: system.port + 11, extra: { HIVE_PLANNER: "js" } },
    { key: "hive-rust", label: "Hive Gateway 2.15 + Rust planner", entry: path.join(BENCH_DIR, "peers/hive-gateway.mjs"), port: system.port + 12, extra: { HIVE_PLANNER: "rust" } },
  ];
  for (const candidate of candidates) {
    const url = `http://127.0.0.1:${candidate.port}/graphql`;
    const { child, output } = spawnNode(candidate.entry, peerEnv(candidate.port, candidate.extra));
    try {
      await waitForHttp(url, child, 60_000, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ __typename }" }) });
      peers.push({ key: candidate.key, label: candidate.label, url, group: { name: candidate.key, pid: child.pid!, withChildren: false }, child });
    } catch (error) {
      const reason = `${candidate.label} could not run here: ${(error as Error).message}; its output: ${output().trim().split("\n").slice(-6).join(" | ")}`;
      console.error(reason);
      notes.push(reason);
      await stopChild(child);
      peers.push({ key: candidate.key, label: candidate.label, url, group: null, child: null, unavailable: reason });
    }
  }
  return peers;
}

// ---------------------------------------------------------------------------------------------
// Measuring

function perRequest(usage: Record<string, GroupUsage>, requests: number): { cpu: Record<string, number>; rss: Record<string, number> } {
  const cpu: Record<string, number> = {};
  const rss: Record<string, number> = {};
  let total = 0;
  for (const [name, used] of Object.entries(usage)) {
    cpu[name] = requests > 0 ? used.cpuMs / requests : 0;
    total += cpu[name]!;
    rss[name] = Math.round(used.peakRssMb);
  }
  cpu.total = total;
  return { cpu, rss };
}

/** Warm-up, then a measured load with every process's CPU and peak memory. */
async function measureLoad(groups: ProcessGroup[], plan: LoadPlan, countOf: (result: LoadResult) => number = (result) => result.total) {
  const warm = await runLoad(BENCH_DIR, { ...plan, durationSeconds: WARM_UP_SECONDS });
  // The warm-up's last requests are still being answered when it returns: let them finish, so
  // that their CPU is not counted against the measured run.
  await sleep(Math.min(10_000, (warm.p99 || 1_000) + 500));
  const { result, usage } = await measureUsage(groups, () => runLoad(BENCH_DIR, plan));
  return { result, ...perRequest(usage, countOf(result)) };
}

/** What each router answers for each request: the `data` bytes must be the same across routers. */
async function checkSameData(scenario: string, peers: Peer[], requests: { body: string; token: string | null }[]): Promise<Set<string>> {
  const differing = new Set<string>();
  let reference: string[] | null = null;
  for (const peer of peers.filter((candidate) => !candidate.unavailable)) {
    const answers: string[] = [];
    for (const request of requests) {
      const response = await fetch(peer.url, {
        method: "POST",
        headers: { "content-type": "application/json", ...(request.token ? { authorization: `Bearer ${request.token}` } : {}) },
        body: request.body,
      });
      const body = (await response.json()) as { data?: unknown; errors?: unknown[] };
      answers.push(body.errors ? `errors: ${JSON.stringify(body.errors)}` : JSON.stringify(body.data));
    }
    if (answers.some((answer) => answer.startsWith("errors:"))) {
      differing.add(peer.key);
      notes.push(`${scenario}: ${peer.label} answered with errors, not timed: ${answers.find((answer) => answer.startsWith("errors:"))!.slice(0, 400)}`);
      continue;
    }
    reference ??= answers;
    if (answers.some((answer, index) => answer !== reference![index])) {
      differing.add(peer.key);
      notes.push(`${scenario}: ${peer.label} answered different data from the project's router, not timed`);
    }
  }
  console.log(`  same data from every router: ${differing.size === 0 ? "yes" : `no (${[...differing].join(", ")})`}`);
  return differing;
}

async function readScenario(name: string, system: System, peers: Peer[], bodies: string[], tokens: (string | null)[], connections = READ_CONNECTIONS) {
  console.log(`\n${name}`);
  const requests = bodies.map((body, index) => ({ body, token: tokens[index % tokens.length] ?? null }));
  const differing = await checkSameData(name, peers, requests);
  for (const peer of peers) {
    if (peer.unavailable || differing.has(peer.key)) {
      rows.push({ scenario: name, router: peer.label, note: peer.unavailable ? "could not run here" : "data differs: not timed" });
      continue;
    }
    const groups = [peer.group!, ...system.groups.subgraphs, system.groups.postgres];
    const { result, cpu, rss } = await measureLoad(groups, { url: peer.url, connections, durationSeconds: SECONDS, bodies, tokens });
    rows.push({ scenario: name, router: peer.label, rps: result.rps, p50: result.p50, p99: result.p99, cpuMsPerRequest: renameRouter(cpu, peer), peakRssMb: renameRouter(rss, peer), ...(errorNote(result) ?? {}) });
    console.log(`  ${peer.label.padEnd(36)} ${result.rps.toFixed(0).padStart(6)} rps  p50 ${result.p50} ms  p99 ${result.p99} ms  CPU ${cpu.total!.toFixed(1)} ms/request ${errorNote(result)?.note ?? ""}`);
  }
}

/** Every router's own process is reported as "router" so that columns line up. */
function renameRouter<T>(values: Record<string, T>, peer: Peer): Record<string, T> {
  const { [peer.group!.name]: routerValue, ...rest } = values;
  return { router: routerValue!, ...rest };
}

function errorNote(result: LoadResult): { note: string } | null {
  const failed = result.graphqlErrors + result.non2xx + result.socketErrors + result.timeouts;
  if (failed === 0) return null;
  return { note: `${failed} of ${result.total} failed (${result.graphqlErrors} GraphQL errors, ${result.non2xx} non-2xx, ${result.socketErrors} socket errors, ${result.timeouts} timeouts); first: ${result.firstError ?? ""}` };
}

// ---------------------------------------------------------------------------------------------
// Scenarios beyond the read comparison

async function writeScenario(system: System, vendors: BenchVendor[], customers: Account[]) {
  console.log("\ncreateBooking through the router, 16 clients, beside the raw insert through pg");
  const groups = [system.groups.router, ...system.groups.subgraphs, system.groups.postgres];
  const firstSlot = Math.ceil((Date.now() + 60 * DAY) / HOUR) * HOUR;
  const plan: LoadPlan = {
    url: system.url,
    connections: WRITE_CONNECTIONS,
    durationSeconds: SECONDS,
    tokens: customers.map((customer) => customer.token),
    booking: { query: CREATE_BOOKING, resourceIds: vendors.map((vendor) => vendor.spareResourceId), startMs: firstSlot, slotMs: HOUR, lengthMs: HOUR, keyPrefix: `bench-write-${Date.now()}` },
  };
  // No warm-up run here: every booking must take a range no earlier request took.
  const { result, usage } = await measureUsage(groups, () => runLoad(BENCH_DIR, plan));
  const booked = result.total - result.graphqlErrors - result.non2xx;
  const { cpu, rss } = perRequest(usage, booked);
  rows.push({ scenario: "createBooking, 16 clients", router: "this project's router", rps: booked / result.seconds, p50: result.p50, p99: result.p99, cpuMsPerRequest: cpu, peakRssMb: rss, ...(errorNote(result) ?? {}) });
  console.log(`  router: ${(booked / result.seconds).toFixed(0)} bookings/s, CPU ${cpu.total!.toFixed(1)} ms per booking ${errorNote(result)?.note ?? ""}`);

  // The same insert, the same constraints (the exclusion constraint of single-unit resources,
  // the checks, the unique keys), straight through pg: what the database alone can do here.
  const pool = new pg.Pool({ connectionString: system.databaseUrls.bookings, max: WRITE_CONNECTIONS });
  const run = Date.now().toString(36);
  let inserted = 0;
  const latencies: number[] = [];
  const benchCpuBefore = process.cpuUsage();
  const { usage: rawUsage } = await measureUsage([system.groups.postgres], async () => {
    const until = performance.now() + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: WRITE_CONNECTIONS }, async (_, worker) => {
        const resourceId = crypto.randomUUID();
        for (let slot = 0; performance.now() < until; slot += 1) {
          const start = new Date(firstSlot + slot * HOUR);
          const began = performance.now();
          await pool.query(
            `INSERT INTO bookings (booking_number, customer_id, resource_id, business_id, business_owner_id, status, start_time, end_time, quantity, units, resource_capacity,
               snapshot_business_name, snapshot_resource_name, snapshot_resource_type, unit_price, currency, price_unit, timezone, total, contact_email, idempotency_key, hold_expires_at)
             VALUES ($1, $2, $3, $4, $5, 'HOLD', $6, $7, 1, 1, 1, 'Raw', 'Raw room', 'HOTEL_ROOM', 40, 'EUR', 'HOUR', 'Europe/Lisbon', 40, 'raw@bench.example.com', $8, $9)`,
            [`RAW-${run}-${worker}-${slot}`, customers[0]!.id, resourceId, vendors[0]!.businessId, vendors[0]!.id, start, new Date(start.getTime() + HOUR), `raw-${run}-${worker}-${slot}`, new Date(Date.now() + 15 * 60_000)],
          );
          latencies.push(performance.now() - began);
          inserted += 1;
        }
      }),
    );
  });
  await pool.end();
  const benchCpu = process.cpuUsage(benchCpuBefore);
  latencies.sort((a, b) => a - b);
  const driverMs = (benchCpu.user + benchCpu.system) / 1000 / inserted;
  const postgresMs = rawUsage.postgres!.cpuMs / inserted;
  rows.push({
    scenario: "raw INSERT through pg, 16 connections",
    router: "(no router: pg driver)",
    rps: inserted / SECONDS,
    p50: round(latencies[Math.floor(latencies.length * 0.5)]!),
    p99: round(latencies[Math.floor(latencies.length * 0.99)]!),
    cpuMsPerRequest: { driver: driverMs, postgres: postgresMs, total: driverMs + postgresMs },
    peakRssMb: { postgres: Math.round(rawUsage.postgres!.peakRssMb) },
  });
  console.log(`  raw: ${(inserted / SECONDS).toFixed(0)} inserts/s, CPU ${(driverMs + postgresMs).toFixed(2)} ms per insert`);
}

/** Statements each database ran per dashboard request, counted from PostgreSQL's log over `times` requests. */
async function statementsPerRequest(system: System, vendor: BenchVendor, times: number): Promise<Record<string, number>> {
  const admin = new pg.Client({ connectionString: system.cluster.url });
  await admin.connect();
  const background = new Set<string>();
  try {
    await graphql(system.url, DASHBOARD_100, { id: vendor.businessId }, vendor.token); // warm: plans, loaders, the status cache
    await admin.query(`ALTER SYSTEM SET log_line_prefix = '@%d@ '`);
    await admin.query(`ALTER SYSTEM SET log_statement = 'all'`);
    await admin.query(`SELECT pg_reload_conf()`);
    await sleep(500);
    // Background work (hold expiry, outbox relays, event consumers, pg-boss) runs statements
    // too: every statement text seen in an idle window first is not counted in the requests'.
    loggedStatements = [];
    countingStatements = true;
    await sleep(QUICK ? 3_000 : 6_000);
    for (const statement of loggedStatements) background.add(`${statement.database}|${statement.text}`);
    loggedStatements = [];
    for (let index = 0; index < times; index += 1) await graphql(system.url, DASHBOARD_100, { id: vendor.businessId }, vendor.token);
    await sleep(300);
    countingStatements = false;
  } finally {
    countingStatements = false;
    await admin.query(`ALTER SYSTEM RESET log_statement`);
    await admin.query(`ALTER SYSTEM RESET log_line_prefix`);
    await admin.query(`SELECT pg_reload_conf()`);
    await admin.end();
  }
  const counted = loggedStatements.filter((statement) => !background.has(`${statement.database}|${statement.text}`));
  const perRequest: Record<string, number> = {};
  for (const name of SUBGRAPH_NAMES) perRequest[name] = round(counted.filter((statement) => statement.database === name).length / times);
  perRequest.total = round(counted.length / times);
  perRequest["left out as background"] = round((loggedStatements.length - counted.length) / times);
  return perRequest;
}

async function sqlScenario(system: System, small: BenchVendor, large: BenchVendor) {
  console.log("\nSQL statements per dashboard request (first: 100), 10 and 100 bookings");
  const times = QUICK ? 5 : 20;
  const ten = await statementsPerRequest(system, small, times);
  const hundred = await statementsPerRequest(system, large, times);
  // Whole statements: the users status check (cached 2 s) runs on some requests only.
  const equal = Math.round(ten.total!) === Math.round(hundred.total!);
  rows.push({ scenario: "SQL statements per dashboard request", router: "this project's router", figures: { "10 bookings": ten.total!, "100 bookings": hundred.total!, ...prefixed("10: ", ten), ...prefixed("100: ", hundred) }, target: "equal for 10 and 100", met: equal });
  console.log(`  10 bookings: ${JSON.stringify(ten)}\n  100 bookings: ${JSON.stringify(hundred)}`);
}

function prefixed(prefix: string, values: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(values).filter(([key]) => key !== "total").map(([key, value]) => [`${prefix}${key}`, value]));
}

async function availabilityScenario(system: System, busyResourceId: string, fromMs: number) {
  console.log(`\navailability over 31 days of a resource with ${BUSY_BOOKINGS} bookings, one client`);
  const variables = { id: busyResourceId, from: new Date(fromMs).toISOString(), to: new Date(fromMs + 31 * DAY).toISOString() };
  const atRouter = JSON.stringify({ query: AVAILABILITY, variables });
  const atSubgraph = JSON.stringify({ query: AVAILABILITY_AT_SUBGRAPH, variables: { representations: [{ __typename: "Resource", id: busyResourceId }], from: variables.from, to: variables.to } });
  const check = await graphql(system.url, AVAILABILITY, variables);
  const windows = check.resource.availability.length;
  const groups = [system.groups.router, ...system.groups.subgraphs, system.groups.postgres];
  for (const [where, url, body, signWith] of [
    ["at the bookings subgraph (signed)", system.subgraphUrls.bookings, atSubgraph, { secret: system.internalSecret, audience: "bookings" }],
    ["through the router", system.url, atRouter, undefined],
  ] as const) {
    await runLoad(BENCH_DIR, { url, connections: 1, durationSeconds: WARM_UP_SECONDS, bodies: [body], signWith });
    const { result, usage } = await measureUsage(groups, () => runLoad(BENCH_DIR, { url, connections: 1, durationSeconds: SECONDS, bodies: [body], signWith }));
    const { cpu, rss } = perRequest(usage, result.total);
    const atTheSubgraph = where.startsWith("at the");
    rows.push({
      scenario: `availability 31 days, ${BUSY_BOOKINGS} bookings, ${where}`,
      router: atTheSubgraph ? "(none)" : "this project's router",
      rps: result.rps,
      p50: result.p50,
      p99: result.p99,
      cpuMsPerRequest: cpu,
      peakRssMb: rss,
      figures: { windows },
      ...(atTheSubgraph ? { target: "p99 < 20 ms", met: result.p99 < 20 } : {}),
      ...(errorNote(result) ?? {}),
    });
    console.log(`  ${where}: p50 ${result.p50} ms, p99 ${result.p99} ms (${windows} windows)`);
  }
}

async function subscriptionScenario(system: System, vendor: BenchVendor, customer: Account) {
  console.log(`\n${SUBSCRIBERS} graphql-ws subscribers on one router: commit-to-client latency`);
  const rssBefore = await rssMb(system.groups.router);
  const child = spawn(process.execPath, [path.join(ROOT, "scripts/dist/bench-subscribers.js"), JSON.stringify({ url: system.wsUrl, token: vendor.token, businessId: vendor.businessId, count: SUBSCRIBERS })], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  children.push(child);
  let output = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  const deadline = Date.now() + 120_000;
  while (!output.includes("subscribed")) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the subscribers did not connect: ${output}`);
    await sleep(200);
  }
  await sleep(2_000); // the last subscriptions reach the router's event stream
  const rssAfter = await rssMb(system.groups.router);
  const firstSlot = Math.ceil((Date.now() + 120 * DAY) / HOUR) * HOUR;
  for (let index = 0; index < SUBSCRIPTION_EVENTS; index += 1) {
    const start = new Date(firstSlot + index * HOUR);
    await graphql(system.url, CREATE_BOOKING, { input: { resourceId: vendor.spareResourceId, startTime: start.toISOString(), endTime: new Date(start.getTime() + HOUR).toISOString(), idempotencyKey: `bench-subscription-${Date.now()}-${index}` } }, customer.token);
    await sleep(500);
  }
  // Wait for every event to reach every subscriber, or for arrivals to stop for 15 s.
  const expected = SUBSCRIBERS * SUBSCRIPTION_EVENTS;
  const receivedSoFar = () => Number(/received (\d+)\n(?![\s\S]*received)/.exec(output)?.[1] ?? 0);
  for (let last = -1, stalledSince = Date.now(); receivedSoFar() < expected && Date.now() - stalledSince < 15_000; await sleep(250)) {
    if (receivedSoFar() !== last) [last, stalledSince] = [receivedSoFar(), Date.now()];
  }
  child.stdin!.end("report\n");
  await new Promise((resolve) => child.once("exit", resolve));
  const report = JSON.parse(output.trim().split("\n").pop()!) as { received: number; p50: number; p99: number; errors: number };
  const perSubscriberKb = ((rssAfter - rssBefore) * 1024) / SUBSCRIBERS;
  rows.push({
    scenario: `${SUBSCRIBERS} subscribers, commit-to-client`,
    router: "this project's router",
    p50: report.p50,
    p99: report.p99,
    figures: { "events received": `${report.received} of ${expected}`, "router RSS before (MB)": Math.round(rssBefore), "router RSS after (MB)": Math.round(rssAfter), "KB per subscriber": round(perSubscriberKb) },
    target: "p99 < 250 ms",
    met: report.received === expected && report.p99 < 250,
  });
  console.log(`  ${report.received}/${expected} events, p50 ${report.p50} ms, p99 ${report.p99} ms, ${perSubscriberKb.toFixed(1)} KB of router RSS per subscriber`);
}

/** scripts/dist/start.js (what `npm start` runs after its build) to a healthy router, on a new and then on the same DATA_DIR. */
async function startupScenario() {
  console.log("\nnpm start to a healthy router, empty and existing DATA_DIR");
  const dataDir = await mkdtemp(path.join(ROOT, ".test-data", "bench-start-"));
  const port = await freePortRange(6);
  const figures: Record<string, number> = {};
  try {
    for (const label of ["empty DATA_DIR", "existing DATA_DIR"]) {
      const began = performance.now();
      const { child, output } = spawnNode(path.join(ROOT, "scripts/dist/start.js"), { ...process.env, PORT: String(port), DATA_DIR: dataDir, RATE_LIMITS: "off" });
      try {
        await waitForHttp(`http://127.0.0.1:${port}/health`, child, 120_000);
      } catch (error) {
        // A start that does not get there (system.ts gives each service 60 s) is a result, not a broken bench.
        const reason = `${(error as Error).message}: ${output().trim().split("\n").filter((line) => /fail|error/i.test(line)).slice(0, 3).join(" | ")}`;
        rows.push({ scenario: "npm start to a healthy router", router: "this project's router", figures, target: "< 8 s empty, < 4 s existing", met: false, note: `no healthy router on ${label}: ${reason.slice(0, 300)}` });
        console.log(`  ${label}: not healthy (${reason})`);
        await stopChild(child, "SIGINT");
        return;
      }
      figures[`${label} (s)`] = round((performance.now() - began) / 1000);
      await stopChild(child, "SIGINT");
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
  const empty = figures["empty DATA_DIR (s)"]!;
  const existing = figures["existing DATA_DIR (s)"]!;
  rows.push({ scenario: "npm start to a healthy router", router: "this project's router", figures, target: "< 8 s empty, < 4 s existing", met: empty < 8 && existing < 4 });
  console.log(`  empty ${empty} s, existing ${existing} s`);
}

// ---------------------------------------------------------------------------------------------
// Targets of issue 19

function checkTargets() {
  const find = (scenario: string, key: string) => rows.find((row) => row.scenario === scenario && row.router === key && row.rps !== undefined);
  const ratio = (scenario: string, a: string, b: string) => {
    const x = find(scenario, a);
    const y = find(scenario, b);
    return x && y ? x.rps! / y.rps! : null;
  };
  const mark = (scenario: string, router: string, target: string, met: boolean | null) => {
    const row = rows.find((candidate) => candidate.scenario === scenario && candidate.router === router);
    if (!row) return;
    row.target = row.target ? `${row.target}; ${target}` : target;
    row.met = row.met === false || met === false ? false : met === null || row.met === null ? null : true;
  };
  const project = "this project's router";
  const apollo = "bare @apollo/gateway 2.14.4";
  const hiveRust = "Hive Gateway 2.15 + Rust planner";
  const catalogRatio = ratio(CATALOG_SCENARIO, project, hiveRust);
  mark(CATALOG_SCENARIO, project, `>= 1.0x Hive+Rust rps (${catalogRatio?.toFixed(2) ?? "n/a"}x)`, catalogRatio === null ? null : catalogRatio >= 1);
  const dashApollo = ratio(DASHBOARD_SCENARIO, project, apollo);
  const dashHive = ratio(DASHBOARD_SCENARIO, project, hiveRust);
  mark(DASHBOARD_SCENARIO, project, `>= 1.5x apollo (${dashApollo?.toFixed(2) ?? "n/a"}x)`, dashApollo === null ? null : dashApollo >= 1.5);
  mark(DASHBOARD_SCENARIO, project, `>= 1.2x Hive+Rust (${dashHive?.toFixed(2) ?? "n/a"}x)`, dashHive === null ? null : dashHive >= 1.2);
  const dash = find(DASHBOARD_SCENARIO, project);
  if (dash) {
    mark(DASHBOARD_SCENARIO, project, "CPU <= 15 ms/request", dash.cpuMsPerRequest!.total! <= 15);
    const subgraphPeak = Math.max(...SUBGRAPH_NAMES.map((name) => dash.peakRssMb![name] ?? 0));
    mark(DASHBOARD_SCENARIO, project, "router RSS <= 300 MB, each subgraph <= 200 MB", dash.peakRssMb!.router! <= 300 && subgraphPeak <= 200);
  }
  const write = rows.find((row) => row.scenario === "createBooking, 16 clients" && row.cpuMsPerRequest);
  if (write) mark("createBooking, 16 clients", project, "CPU <= 4 ms/booking", write.cpuMsPerRequest!.total! <= 4);
}

const DASHBOARD_SCENARIO = `vendor dashboard, ${VENDORS} vendors`;
const DASHBOARD_ONE_EACH = `vendor dashboard, ${VENDORS} vendors, one connection each`;
const CATALOG_SCENARIO = "public catalog, 20 resources, anonymous";

// ---------------------------------------------------------------------------------------------
// The report

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function printTable(): string {
  const header = ["scenario", "router", "rps", "p50 ms", "p99 ms", "CPU ms/req (router+subgraphs+pg = total)", "peak RSS MB (router / largest subgraph / pg)", "target / met"];
  const lines = rows.map((row) => {
    const cpu = row.cpuMsPerRequest;
    const subgraphCpu = cpu ? SUBGRAPH_NAMES.reduce((sum, name) => sum + (cpu[name] ?? 0), 0) : 0;
    const cpuText = cpu
      ? cpu.driver !== undefined
        ? `driver ${cpu.driver.toFixed(2)} + pg ${cpu.postgres!.toFixed(2)} = ${cpu.total!.toFixed(2)}`
        : `${(cpu.router ?? 0).toFixed(1)} + ${subgraphCpu.toFixed(1)} + ${(cpu.postgres ?? 0).toFixed(1)} = ${cpu.total!.toFixed(1)}`
      : "";
    const rss = row.peakRssMb;
    const rssText = rss ? `${rss.router ?? "-"} / ${Math.max(0, ...SUBGRAPH_NAMES.map((name) => rss[name] ?? 0)) || "-"} / ${rss.postgres ?? "-"}` : "";
    const figures = row.figures ? Object.entries(row.figures).filter(([key]) => !/^\d+: /.test(key)).map(([key, value]) => `${key}: ${value}`).join(", ") : "";
    const target = row.target ? `${row.target}: ${row.met === null || row.met === undefined ? "n/a" : row.met ? "met" : "MISSED"}` : "";
    return [row.scenario, row.router, row.rps === undefined ? "" : row.rps.toFixed(0), row.p50 === undefined ? "" : String(round(row.p50)), row.p99 === undefined ? "" : String(round(row.p99)), cpuText || figures, rssText, [target, row.note].filter(Boolean).join(" ")];
  });
  const markdown = [`| ${header.join(" | ")} |`, `| ${header.map(() => "---").join(" | ")} |`, ...lines.map((line) => `| ${line.join(" | ")} |`)].join("\n");
  return markdown;
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const started = performance.now();
  ensureBenchTools();
  console.log(`npm run bench${QUICK ? " -- --quick" : ""}: ${SECONDS} s per measured run, node ${process.version}`);
  process.stdout.write("starting the system (embedded PostgreSQL, five subgraphs, router) ... ");
  const system = await startSystem().catch(async (error: unknown) => {
    // start.js gives each service 60 s to be healthy; on a machine busy with other work that
    // can run out once. A second failure is the answer.
    console.error(`\nfirst start failed, trying once more: ${(error as Error).message.slice(-400)}`);
    await stopEverything();
    return startSystem();
  });
  // Peers and load processes start after this point; keep the system's processes apart.
  console.log("ready");
  let peers: Peer[] = [];
  try {
    peers = await startRouters(system);
    console.log(`routers: ${peers.map((peer) => `${peer.label}${peer.unavailable ? " (unavailable)" : ""}`).join(", ")}`);

    process.stdout.write(`loading data: ${VENDORS + 3} vendors, ${DASHBOARD_BOOKINGS + 1} confirmed bookings each, ${BUSY_BOOKINGS} on one busy resource ... `);
    const admin = await signIn(system.url, "admin@example.com", DEMO_PASSWORD);
    const tag = randomBytes(3).toString("hex");
    const customers = [await signIn(system.url, "customer@example.com", DEMO_PASSWORD), ...(await inParallel([1, 2, 3, 4], 4, (n) => signUp(system.url, system.databaseUrls.users, `bench-customer-${tag}-${n}`, "CUSTOMER")))];
    const allVendors = await inParallel(
      Array.from({ length: VENDORS + 3 }, (_, index) => index),
      6,
      (index) => makeVendor(system.url, system.databaseUrls.users, admin, `bench-vendor-${tag}-${index}`),
    );
    const vendors = allVendors.slice(0, VENDORS);
    const [smallVendor, largeVendor, busyVendor] = allVendors.slice(VENDORS) as [BenchVendor, BenchVendor, BenchVendor];
    const firstDay = Math.ceil((Date.now() + 3 * DAY) / DAY) * DAY;
    const customerIds = customers.map((customer) => customer.id);
    const bookingsOf = (vendor: BenchVendor, count: number) =>
      insertConfirmedBookings(system.databaseUrls.bookings, { resourceId: vendor.dashboardResourceId, businessId: vendor.businessId, ownerId: vendor.id, customerIds, capacity: 1, type: "HOTEL_ROOM", name: "room A" }, count, firstDay, count);
    for (const vendor of vendors) await bookingsOf(vendor, DASHBOARD_BOOKINGS);
    await bookingsOf(smallVendor, 10);
    await bookingsOf(largeVendor, 100);
    // One booking of each dashboard made and confirmed through the API, as a client does.
    await inParallel(vendors, 4, (vendor) => confirmedBookings(system.url, vendor, customers, 1, firstDay - 2 * DAY));
    const busy = (
      await graphql(system.url, `mutation($businessId: ID!, $input: CreateResourceInput!) { createResource(businessId: $businessId, input: $input) { id } }`, {
        businessId: busyVendor.businessId,
        input: { name: "Busy desks", type: "DESK", price: "10.00", currency: "EUR", priceUnit: "HOUR", capacity: 20 },
      }, busyVendor.token)
    ).createResource;
    const busyFrom = firstDay + DAY;
    await insertConfirmedBookings(system.databaseUrls.bookings, { resourceId: busy.id, businessId: busyVendor.businessId, ownerId: busyVendor.id, customerIds, capacity: 20, type: "DESK", name: "Busy desks" }, BUSY_BOOKINGS, busyFrom, 31 * 24);
    console.log("done");

    const dashboards = vendors.map((vendor) => JSON.stringify({ query: DASHBOARD, variables: { id: vendor.businessId } }));
    await scenario(DASHBOARD_SCENARIO, () => readScenario(DASHBOARD_SCENARIO, system, peers, dashboards, vendors.map((vendor) => vendor.token)));
    // With more connections than vendors, a vendor's own identical dashboards can be in flight
    // together and the router runs them once; one connection per vendor leaves nothing to merge.
    await scenario(DASHBOARD_ONE_EACH, () => readScenario(DASHBOARD_ONE_EACH, system, peers, dashboards, vendors.map((vendor) => vendor.token), VENDORS));
    await scenario(CATALOG_SCENARIO, () => readScenario(CATALOG_SCENARIO, system, peers, [JSON.stringify({ query: CATALOG })], [null]));
    // Before the writes: their events keep the consumers reading bookings for a while after, and a
    // statement seen while idle is taken for background work, so the count would leave theirs out.
    await scenario("SQL statements per request", () => sqlScenario(system, smallVendor, largeVendor));
    await scenario("createBooking", () => writeScenario(system, vendors, customers));
    await scenario("availability", () => availabilityScenario(system, busy.id, busyFrom));
    await scenario("subscriptions", () => subscriptionScenario(system, vendors[0]!, customers[1]!));

    // ---- Waitlist: offers per second with 1,000 waiting entries (bench-waitlist.ts) ------------
    console.log("\nwaitlist: offers per second");
    await scenario("waitlist", async () => {
      rows.push(...(await benchWaitlist({ quick: QUICK, routerUrl: system.url, databaseUrls: system.databaseUrls, vendors })));
    });
  } finally {
    for (const peer of peers) if (peer.child) await stopChild(peer.child);
    // Router first, then the subgraphs, then PostgreSQL, as system.ts stops them.
    for (const child of children.splice(0).reverse()) await stopChild(child);
    await system.cluster.stop().catch(() => undefined);
    await rm(system.dataDir, { recursive: true, force: true });
  }
  await scenario("npm start", startupScenario);
  checkTargets();

  const table = printTable();
  const seconds = Math.round((performance.now() - started) / 1000);
  console.log(`\n${table}\n`);
  for (const note of notes) console.log(`note: ${note}`);
  const stamp = new Date().toISOString().replaceAll(":", "-").replace(/\.\d+Z$/, "Z");
  const file = path.join(BENCH_DIR, "results", `${stamp}${QUICK ? "-quick" : ""}.json`);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify({ date: new Date().toISOString(), quick: QUICK, seconds, node: process.version, cpus: (await import("node:os")).cpus().length, measuredSeconds: SECONDS, readConnections: READ_CONNECTIONS, rows, notes, table }, null, 2)}\n`);
  console.log(`written ${path.relative(ROOT, file)} (${seconds} s in all)`);
  if (failures.length > 0) {
    console.error(`\n${failures.length} scenario(s) failed:\n${failures.join("\n")}`);
    process.exitCode = 1;
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  async (error: unknown) => {
    console.error(error);
    for (const child of children) child.kill("SIGKILL");
    await runningCluster?.stop().catch(() => undefined);
    process.exit(1);
  },
);
