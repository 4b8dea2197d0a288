import { demoDataWanted, nodeEnv, port, readEnv } from "@booking/common";
import { ROUTER_PORT, SUBGRAPH_NAMES, readServiceUrls, subgraphDatabaseVariable, subgraphPort, subgraphUrlVariable } from "@booking/contracts";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { resolveDatabases } from "./databases.js";
import { seedDemoData } from "./demo-data.js";
import type { EmbeddedCluster } from "./embedded-postgres.js";
import { spawnService, stopService, waitUntilHealthy, type ServiceProcess } from "./processes.js";

/**
 * `npm start`: the whole system on one machine with nothing installed. An embedded
 * PostgreSQL (unless every *_DATABASE_URL is given) with one database per subgraph, the
 * five subgraphs (each applies its own migrations) on PORT+1..PORT+5, then the router on PORT.
 * With SEED_DEMO (default in development) the demo data set goes into empty databases first.
 */
const ROOT = fileURLToPath(new URL("../..", import.meta.url));

const env = readEnv({
  PORT: port(ROUTER_PORT),
  DATA_DIR: z.string().default(".data"),
  NODE_ENV: nodeEnv,
  INTERNAL_SECRET: z.string().min(32).optional(),
  ...Object.fromEntries(SUBGRAPH_NAMES.map((name) => [subgraphDatabaseVariable(name), z.string().optional()])),
});

const services: ServiceProcess[] = [];
let cluster: EmbeddedCluster | null = null;
let stopping = false;

async function stopAll(exitCode: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    for (const service of [...services].reverse()) await stopService(service);
    if (cluster) await cluster.stop().catch((error: unknown) => console.error("stopping PostgreSQL failed:", error));
    console.log("stopped");
  }
  process.exit(exitCode);
}

// This script stops everything itself, in order: services first, PostgreSQL last.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void stopAll(0));

try {
  // One secret per run when none is configured: only these processes need to share it.
  const internalSecret = env.INTERNAL_SECRET ?? randomBytes(32).toString("hex");
  const databases = await resolveDatabases(SUBGRAPH_NAMES, process.env, env.DATA_DIR);
  cluster = databases.cluster;
  const databaseUrls = databases.urls;
  if (demoDataWanted(process.env)) {
    const seeded = await seedDemoData(databaseUrls);
    if (Object.values(seeded).some((count) => count > 0)) console.log("loaded the demo data set (accounts in README.md)");
  }

  // Every service learns where every subgraph answers: the router to route, subgraphs to call each other.
  const urls = readServiceUrls(process.env, env.PORT);
  const serviceUrls = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [subgraphUrlVariable(name), urls[name]]));
  const shared = { ...process.env, ...serviceUrls, NODE_ENV: env.NODE_ENV, INTERNAL_SECRET: internalSecret, DATA_DIR: env.DATA_DIR };
  await Promise.all(
    SUBGRAPH_NAMES.map(async (name) => {
      const port = subgraphPort(name, env.PORT);
      const service = spawnService(name, `${ROOT}subgraphs/${name}/dist/index.js`, {
        ...shared,
        PORT: String(port),
        [subgraphDatabaseVariable(name)]: databaseUrls[name],
      });
      services.push(service);
      watch(service);
      await waitUntilHealthy(service, `http://127.0.0.1:${port}/health`);
    }),
  );

  const router = spawnService("router", `${ROOT}router/dist/index.js`, { ...shared, PORT: String(env.PORT) });
  services.push(router);
  watch(router);
  await waitUntilHealthy(router, `http://127.0.0.1:${env.PORT}/health`);
  console.log(`\nBooking supergraph ready: http://localhost:${env.PORT}/graphql  (Ctrl-C stops everything)\n`);
} catch (error) {
  console.error(`start failed: ${(error as Error).message}`);
  await stopAll(1);
}

/** A service that dies on its own takes the whole system down with a non-zero exit. */
function watch(service: ServiceProcess): void {
  void service.exited.then((code) => {
    if (stopping) return;
    console.error(`${service.name} exited unexpectedly (code ${code}); stopping everything`);
    void stopAll(1);
  });
}
