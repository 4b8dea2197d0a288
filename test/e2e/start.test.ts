import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdir, mkdtemp, readFile, readdir, rm, stat } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { waitFor } from "../support/wait.js";
import { codeOf } from "../support/errors.js";

// Under the repo rather than the 0700 tmp folder: as root, PostgreSQL runs as the postgres user.
await mkdir(".test-data", { recursive: true });
const dataDir = await mkdtemp(path.join(".test-data", "start-"));
afterAll(() => rm(dataDir, { recursive: true, force: true }));

/**
 * Free ports p..p+5 for the router and the five subgraphs, below Linux's ephemeral range
 * (32768+), so no other test's port-0 server can take one between this check and the start.
 */
async function freePortBlock(): Promise<number> {
  const free = (port: number) =>
    new Promise<boolean>((resolve) => {
      const server = net.createServer().once("error", () => resolve(false));
      server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
    });
  for (;;) {
    const base = 20_000 + Math.floor(Math.random() * 10_000);
    if ((await Promise.all([0, 1, 2, 3, 4, 5].map((offset) => free(base + offset)))).every(Boolean)) return base;
  }
}

interface Started {
  child: ChildProcess;
  port: number;
  output(): string;
  exited: Promise<number | null>;
}

/** `npm start`'s built script on its own ports, in its own process group when `detached`. */
function launch(port: number, options: { detached?: boolean; dataDir?: string } = {}): Started {
  const child = spawn(process.execPath, ["scripts/dist/start.js"], {
    env: { ...process.env, PORT: String(port), DATA_DIR: options.dataDir ?? dataDir, NODE_ENV: "development", SEED_DEMO: "false" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: options.detached ?? false,
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  return { child, port, output: () => output, exited };
}

async function ready(started: Started): Promise<void> {
  await waitFor(async () => started.output().includes("Booking supergraph ready") || started.child.exitCode !== null, 90_000, "npm start to be ready");
  expect(started.output(), started.output()).toContain(`http://localhost:${started.port}/graphql`);
}

async function graphql(port: number, query: string, variables: Record<string, unknown> = {}): Promise<any> {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query, variables }) });
  return response.json();
}

/** The pids of a process's children, by the entry point each runs. */
function childrenOf(pid: number): Map<string, number> {
  const lines = execFileSync("ps", ["--ppid", String(pid), "-o", "pid=,args="], { encoding: "utf8" }).trim().split("\n");
  const children = new Map<string, number>();
  for (const line of lines) {
    const match = /^\s*(\d+)\s+.*\/(subgraphs\/\w+|router)\/dist\/index\.js/.exec(line);
    if (match) children.set(match[2]!.replace("subgraphs/", ""), Number(match[1]));
  }
  return children;
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const portsClosed = async (port: number) => {
  for (const offset of [0, 1, 2, 3, 4, 5]) await expect(fetch(`http://127.0.0.1:${port + offset}/health`)).rejects.toThrow();
};

describe("npm start", () => {
  it("runs the built system on an embedded PostgreSQL, serves the router, and stops cleanly on SIGINT", async () => {
    const started = launch(await freePortBlock());
    try {
      await ready(started);
      const health = await fetch(`http://127.0.0.1:${started.port}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: "ok", subgraphs: { users: "up", businesses: "up", resources: "up", bookings: "up", payments: "up" } });
      expect(await graphql(started.port, "{ me { id } businesses(first: 1) { totalCount } resources(first: 1) { totalCount } }")).toEqual({
        data: { me: null, businesses: { totalCount: 0 }, resources: { totalCount: 0 } },
      });
    } finally {
      started.child.kill("SIGINT");
    }
    expect(await started.exited).toBe(0);
    expect(started.output()).toContain("stopped");
    await portsClosed(started.port);
  }, 120_000);

  it("logs JSON lines with the request id in the router and the subgraph it called, and never a password, code or token", async () => {
    const started = launch(await freePortBlock());
    try {
      await ready(started);
      const password = "a-password-never-logged";
      const email = "logged@example.com";
      const call = async (query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) => {
        const response = await fetch(`http://127.0.0.1:${started.port}/graphql`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ query, variables }) });
        return { requestId: response.headers.get("x-request-id"), body: (await response.json()) as any };
      };
      await call(`mutation($input: RegisterInput!) { register(input: $input) { id } }`, { input: { email, username: "logged_user", password, role: "CUSTOMER" } });
      const mailDir = path.join(dataDir, "mail");
      const mailed = await waitFor(async () => (await readdir(mailDir).catch(() => [])).find((file) => file.endsWith(".txt")), 10_000, "the code's mail");
      const code = /\b(\d{6})\b/.exec(await readFile(path.join(mailDir, mailed), "utf8"))![1]!;
      await call(`mutation($email: String!, $code: String!) { verifyEmail(email: $email, code: $code) { id } }`, { email, code });
      const login = await call(`mutation($login: String!, $password: String!) { login(login: $login, password: $password) { accessToken refreshToken } }`, { login: email, password });
      const { accessToken, refreshToken } = login.body.data.login;

      const traced = await call(`query Traced { me { id } businesses(first: 1) { totalCount } }`, {}, { authorization: `Bearer ${accessToken}`, "x-request-id": "trace-abc-123" });
      expect(traced.requestId).toBe("trace-abc-123");
      expect((await call(`{ __typename }`, {}, { "x-request-id": "bad id with spaces" })).requestId).toMatch(/^[0-9a-f-]{36}$/);

      const lines = await waitFor(async () => {
        const tagged = started.output().split("\n").filter((line) => line.includes("trace-abc-123"));
        return tagged.some((line) => line.startsWith("router")) && tagged.some((line) => line.startsWith("businesses")) && tagged;
      }, 10_000, "log lines of the traced request from router and businesses");
      for (const line of lines) expect(() => JSON.parse(line.slice(line.indexOf("|") + 1)), line).not.toThrow();
      for (const secret of [password, code, accessToken, refreshToken]) expect(started.output()).not.toContain(secret);
    } finally {
      started.child.kill("SIGINT");
    }
    expect(await started.exited).toBe(0);
  }, 120_000);

  it("serves Prometheus metrics on the router and every subgraph", async () => {
    const started = launch(await freePortBlock());
    try {
      await ready(started);
      await graphql(started.port, "query Catalog { businesses(first: 1) { totalCount } }");
      const router = await (await fetch(`http://127.0.0.1:${started.port}/metrics`)).text();
      expect(router).toMatch(/graphql_requests_total\{[^}]*operation="Catalog"[^}]*outcome="ok"[^}]*\} 1/);
      expect(router).toMatch(/graphql_request_duration_seconds_bucket\{[^}]*operation="Catalog"/);
      expect(router).toMatch(/subgraph_fetch_duration_seconds_count\{[^}]*subgraph="businesses"[^}]*\} [1-9]/);
      expect(router).toMatch(/subscriptions_open\{[^}]*\} 0/);
      for (const offset of [1, 2, 3, 4, 5]) {
        const subgraph = await fetch(`http://127.0.0.1:${started.port + offset}/metrics`);
        expect(subgraph.status).toBe(200);
        expect(await subgraph.text()).toContain("process_cpu_seconds_total");
      }
    } finally {
      started.child.kill("SIGINT");
    }
    expect(await started.exited).toBe(0);
  }, 120_000);

  it("keeps its PostgreSQL durable and private: fsync and synchronous commits on, 127.0.0.1 only, a generated password in a 0600 file", async () => {
    const started = launch(await freePortBlock());
    try {
      await ready(started);
      const passwordFile = path.join(dataDir, "postgres-password");
      expect((await stat(passwordFile)).mode & 0o777).toBe(0o600);
      const password = (await readFile(passwordFile, "utf8")).trim();
      expect(password.length).toBeGreaterThanOrEqual(32);
      const postgresPort = Number((await readFile(path.join(dataDir, "postgres", "postmaster.pid"), "utf8")).split("\n")[3]);
      const connect = async (secret: string) => {
        const client = new pg.Client({ host: "127.0.0.1", port: postgresPort, user: "postgres", password: secret, database: "postgres" });
        await client.connect();
        return client;
      };
      await expect(connect("postgres")).rejects.toMatchObject({ code: "28P01" });
      const client = await connect(password);
      try {
        const setting = async (name: string) => (await client.query(`SHOW ${name}`)).rows[0][name];
        expect(await setting("fsync")).toBe("on");
        expect(await setting("synchronous_commit")).toBe("on");
        expect(await setting("listen_addresses")).toBe("127.0.0.1");
      } finally {
        await client.end();
      }
    } finally {
      started.child.kill("SIGINT");
    }
    expect(await started.exited).toBe(0);
  }, 120_000);

  it("starts a killed subgraph again while the router keeps answering with the rest", async () => {
    const started = launch(await freePortBlock());
    try {
      await ready(started);
      const payments = childrenOf(started.child.pid!).get("payments");
      expect(payments).toBeGreaterThan(0);
      process.kill(payments!, "SIGKILL");
      const during = await graphql(started.port, "{ businesses(first: 1) { totalCount } }");
      expect(during).toEqual({ data: { businesses: { totalCount: 0 } } });
      await waitFor(async () => {
        const again = childrenOf(started.child.pid!).get("payments");
        return again !== undefined && again !== payments && (await fetch(`http://127.0.0.1:${started.port}/health`)).status === 200;
      }, 30_000, "payments to be started again");
      expect(started.output()).toMatch(/payments exited unexpectedly \(code null\); starting it again/);
      expect(started.child.exitCode).toBeNull();
    } finally {
      started.child.kill("SIGINT");
    }
    expect(await started.exited).toBe(0);
    await portsClosed(started.port);
  }, 120_000);

  it("gives up on a service that keeps crashing, names it in /health, and keeps the others serving", async () => {
    const started = launch(await freePortBlock());
    try {
      await ready(started);
      let last: number | undefined;
      // More crashes than the supervisor tolerates in its window (5 in 60 s): each new process is killed at once.
      for (let crash = 0; crash < 6; crash += 1) {
        const pid = await waitFor(async () => {
          const current = childrenOf(started.child.pid!).get("payments");
          return current !== undefined && current !== last && current;
        }, 30_000, `payments to be started again (crash ${crash})`);
        process.kill(pid, "SIGKILL");
        last = pid;
      }
      await waitFor(async () => started.output().includes("giving up on it"), 30_000, "the supervisor to give up on payments");
      expect(started.output()).toMatch(/payments crashed 6 times within 60s .*giving up on it/);
      const health = await fetch(`http://127.0.0.1:${started.port}/health`);
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({ status: "down", subgraphs: { payments: "down", users: "up", bookings: "up" } });
      expect(await graphql(started.port, "{ businesses(first: 1) { totalCount } }")).toEqual({ data: { businesses: { totalCount: 0 } } });
      expect(started.child.exitCode).toBeNull();
    } finally {
      started.child.kill("SIGINT");
    }
    expect(await started.exited).toBe(0);
  }, 150_000);

  it("starts its PostgreSQL again after a kill -9 of the postmaster, names it in /health while down, and serves the same data after", async () => {
    const started = launch(await freePortBlock());
    try {
      await ready(started);
      const registered = await graphql(started.port, `mutation { register(input: { email: "survivor@example.com", username: "survivor", password: "correct horse battery", role: CUSTOMER }) { id } }`);
      expect(registered.errors).toBeUndefined();
      const pidFile = path.join(dataDir, "postgres", "postmaster.pid");
      const postmaster = Number((await readFile(pidFile, "utf8")).split("\n")[0]);
      const services = childrenOf(started.child.pid!);
      process.kill(postmaster, "SIGKILL");

      // down: the router's readiness names the database; npm start and its services keep running.
      // The outage can be short (a 1 s backoff, then crash recovery), so probes start every 100 ms
      // whether or not the last one has answered: a slow probe cannot hide the window.
      const seen: unknown[] = [];
      const probes = setInterval(() => {
        fetch(`http://127.0.0.1:${started.port}/health`)
          .then(async (health) => seen.push({ code: health.status, ...(await health.json()) }))
          .catch((error: Error) => seen.push({ error: error.message }));
      }, 100);
      let down: unknown;
      try {
        down = await waitFor(
          () => seen.find((body) => (body as { down?: Record<string, string> }).down?.users === "database down"),
          20_000,
          "/health to name the database as down",
        ).catch((error: Error) => {
          const answers = [...new Set(seen.map((body) => JSON.stringify(body)))];
          throw new Error(`${error.message}; it answered, in order: ${answers.join(" then ")}\n${started.output()}`);
        });
      } finally {
        clearInterval(probes);
      }
      expect(down).toMatchObject({ code: 503, status: "down", subgraphs: { users: "down" }, down: { users: "database down" } });

      await waitFor(async () => started.output().includes("PostgreSQL is back") && (await fetch(`http://127.0.0.1:${started.port}/health`)).status === 200, 60_000, "PostgreSQL and /health to be back");
      expect(started.output()).toMatch(/PostgreSQL \(pid \d+\) exited unexpectedly \(SIGKILL\); starting it again/);
      const again = Number((await readFile(pidFile, "utf8")).split("\n")[0]);
      expect(again).not.toBe(postmaster);
      expect(childrenOf(started.child.pid!), started.output()).toEqual(services);

      // the same data, through pools that reconnected
      const taken = await graphql(started.port, `mutation { register(input: { email: "survivor@example.com", username: "survivor2", password: "correct horse battery", role: CUSTOMER }) { id } }`);
      expect(codeOf(taken)).toBe("EMAIL_TAKEN");
      const fresh = await graphql(started.port, `mutation { register(input: { email: "after@example.com", username: "after_restart", password: "correct horse battery", role: CUSTOMER }) { id } }`);
      expect(fresh.errors).toBeUndefined();
      expect(await graphql(started.port, "{ businesses(first: 1) { totalCount } resources(first: 1) { totalCount } }")).toEqual({ data: { businesses: { totalCount: 0 }, resources: { totalCount: 0 } } });
    } finally {
      started.child.kill("SIGINT");
    }
    expect(await started.exited).toBe(0);
    await portsClosed(started.port);
  }, 150_000);

  it("after a kill -9 of npm start alone, its children stop, and the next start on the same data runs with the data intact", async () => {
    const first = launch(await freePortBlock(), { detached: true });
    let second: Started | undefined;
    try {
      await ready(first);
      const services = [...childrenOf(first.child.pid!).values()];
      expect(services).toHaveLength(6);
      const registered = await graphql(first.port, `mutation { register(input: { email: "kept@example.com", username: "kept_user", password: "correct horse battery", role: CUSTOMER }) { id } }`);
      expect(registered.errors).toBeUndefined();
      process.kill(first.child.pid!, "SIGKILL");
      await waitFor(async () => services.every((pid) => !isAlive(pid)), 20_000, "every service to stop with its supervisor");

      // Its PostgreSQL is still running on the data folder; the next start stops it and goes on.
      second = launch(await freePortBlock());
      await ready(second);
      const again = await graphql(second.port, `mutation { register(input: { email: "kept@example.com", username: "kept_user2", password: "correct horse battery", role: CUSTOMER }) { id } }`);
      expect(codeOf(again)).toBe("EMAIL_TAKEN");
    } finally {
      if (first.child.exitCode === null && first.child.signalCode === null) process.kill(-first.child.pid!, "SIGKILL");
      second?.child.kill("SIGINT");
    }
    expect(await second!.exited).toBe(0);
  }, 180_000);

  it("after a kill -9 of the whole process group, the next start on the same data runs with the data intact", async () => {
    const first = launch(await freePortBlock(), { detached: true });
    let second: Started | undefined;
    try {
      await ready(first);
      const registered = await graphql(first.port, `mutation { register(input: { email: "group@example.com", username: "group_user", password: "correct horse battery", role: CUSTOMER }) { id } }`);
      expect(registered.errors).toBeUndefined();
      process.kill(-first.child.pid!, "SIGKILL");
      await first.exited;

      second = launch(await freePortBlock());
      await ready(second);
      const again = await graphql(second.port, `mutation { register(input: { email: "group@example.com", username: "group_user2", password: "correct horse battery", role: CUSTOMER }) { id } }`);
      expect(codeOf(again)).toBe("EMAIL_TAKEN");
    } finally {
      second?.child.kill("SIGINT");
    }
    expect(await second!.exited).toBe(0);
  }, 180_000);

  it("exits non-zero when the system cannot start, and leaves nothing running", async () => {
    const port = await freePortBlock();
    // Someone else holds the router's port: the subgraphs start, the router cannot.
    const squatter = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => squatter.listen(port, "127.0.0.1", resolve));
    try {
      const started = launch(port);
      const code = await started.exited;
      expect(code, started.output()).not.toBe(0);
      expect(started.output()).not.toContain("Booking supergraph ready");
      for (const offset of [1, 2, 3, 4, 5]) await expect(fetch(`http://127.0.0.1:${port + offset}/health`)).rejects.toThrow();
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  }, 120_000);
});
