import { spawn } from "node:child_process";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

// Under the repo rather than the 0700 tmp folder: as root, PostgreSQL runs as the postgres user.
await mkdir(".test-data", { recursive: true });
const dataDir = await mkdtemp(path.join(".test-data", "start-"));
afterAll(() => rm(dataDir, { recursive: true, force: true }));

/**
 * Free ports p..p+5 for the router and the five subgraphs, below Linux's ephemeral range
 * (32768+), so no other test's port-0 server can take one between this check and the start.
 */
async function freePortBlock(): Promise<number> {
  const net = await import("node:net");
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

describe("npm start", () => {
  it("runs the built system on an embedded PostgreSQL, serves the router, and stops cleanly on SIGINT", async () => {
    const port = await freePortBlock();
    const child = spawn(process.execPath, ["scripts/dist/start.js"], {
      env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, NODE_ENV: "development", SEED_DEMO: "false" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    try {
      const deadline = Date.now() + 90_000;
      while (!output.includes("Booking supergraph ready") && Date.now() < deadline && child.exitCode === null) {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(output, output).toContain(`http://localhost:${port}/graphql`);

      const health = await fetch(`http://127.0.0.1:${port}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: "ok", subgraphs: { users: "up", businesses: "up", resources: "up", bookings: "up", payments: "up" } });

      const result = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: "{ me { id } businesses(first: 1) { totalCount } resources(first: 1) { totalCount } }" }),
      });
      expect(await result.json()).toEqual({ data: { me: null, businesses: { totalCount: 0 }, resources: { totalCount: 0 } } });
    } finally {
      child.kill("SIGINT");
    }
    expect(await exited).toBe(0);
    expect(output).toContain("stopped");
    for (const offset of [0, 1, 2, 3, 4, 5]) await expect(fetch(`http://127.0.0.1:${port + offset}/health`)).rejects.toThrow();
  }, 120_000);

  it("exits non-zero when the system cannot start, and leaves nothing running", async () => {
    const net = await import("node:net");
    const port = await freePortBlock();
    // Someone else holds the router's port: the subgraphs start, the router cannot.
    const squatter = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => squatter.listen(port, "127.0.0.1", resolve));
    try {
      const child = spawn(process.execPath, ["scripts/dist/start.js"], {
        env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, NODE_ENV: "development", SEED_DEMO: "false" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      child.stdout.on("data", (chunk) => (output += chunk));
      child.stderr.on("data", (chunk) => (output += chunk));
      const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
      expect(code, output).not.toBe(0);
      expect(output).not.toContain("Booking supergraph ready");
      for (const offset of [1, 2, 3, 4, 5]) await expect(fetch(`http://127.0.0.1:${port + offset}/health`)).rejects.toThrow();
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  }, 120_000);
});
