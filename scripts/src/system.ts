import { demoDataWanted, nodeEnv, port, readEnv } from "@booking/common";
import { ROUTER_PORT, SUBGRAPH_NAMES, readServiceUrls, subgraphDatabaseVariable, subgraphPort, subgraphUrlVariable } from "@booking/contracts";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { resolveDatabases } from "./databases.js";
import { seedDemoData } from "./demo-data.js";
import type { EmbeddedCluster } from "./embedded-postgres.js";
import { Supervisor } from "./supervisor.js";

/**
 * `npm start`: the whole system on one machine with nothing installed. An embedded
 * PostgreSQL (unless every *_DATABASE_URL is given) with one database per subgraph, the
 * five subgraphs (each applies its own migrations) on PORT+1..PORT+5, then the router on PORT.
 * With SEED_DEMO (default in development) the demo data set goes into empty databases first.
 * An `events` database carries events between services (unless NATS_URL); the subgraphs start
 * (and subscribe their consumers) before the router lets any request in.
 */
const ROOT = fileURLToPath(new URL("../..", import.meta.url));

const env = readEnv({
  PORT: port(ROUTER_PORT),
  DATA_DIR: z.string().default(".data"),
  NODE_ENV: nodeEnv,
  INTERNAL_SECRET: z.string().min(32).optional(),
  PAYMENTS_WEBHOOK_SECRET: z.string().min(16).optional(),
  NATS_URL: z.string().optional(),
  ...Object.fromEntries(SUBGRAPH_NAMES.map((name) => [subgraphDatabaseVariable(name), z.string().optional()])),
});

const supervisor = new Supervisor();
let cluster: EmbeddedCluster | null = null;
let stopping: Promise<void> | null = null;

/** Stops everything once, however many callers ask (a signal, a failed start), then exits. */
async function stopAll(exitCode: number): Promise<never> {
  stopping ??= (async () => {
    await supervisor.stopAll();
    if (cluster) await cluster.stop().catch((error: unknown) => console.error("stopping PostgreSQL failed:", error));
    console.log("stopped");
  })();
  await stopping;
  process.exit(exitCode);
}

// This script stops everything itself, in order: services first, PostgreSQL last.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void stopAll(0));

try {
  // One secret per run when none is configured: only these processes need to share it.
  const internalSecret = env.INTERNAL_SECRET ?? randomBytes(32).toString("hex");
  const webhookSecret = env.PAYMENTS_WEBHOOK_SECRET ?? randomBytes(32).toString("hex");
  // The events database (EVENTS_DATABASE_URL, else `events` in the embedded cluster) carries events
  // between services on pg-boss, unless NATS_URL puts them on JetStream.
  const databases = await resolveDatabases([...SUBGRAPH_NAMES, ...(env.NATS_URL ? [] : (["events"] as const))], process.env, env.DATA_DIR);
  cluster = databases.cluster;
  const databaseUrls = databases.urls;
  if (demoDataWanted(process.env)) {
    const seeded = await seedDemoData(databaseUrls);
    if (Object.values(seeded).some((count) => count > 0)) console.log("loaded the demo data set (accounts in README.md)");
  }

  // Every service learns where every subgraph answers: the router to route, subgraphs to call each other.
  const urls = readServiceUrls(process.env, env.PORT);
  const serviceUrls = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [subgraphUrlVariable(name), urls[name]]));
  const events = "events" in databaseUrls ? { EVENTS_DATABASE_URL: (databaseUrls as Record<string, string>).events } : {};
  const shared = {
    ...process.env,
    ...serviceUrls,
    ...events,
    NODE_ENV: env.NODE_ENV,
    INTERNAL_SECRET: internalSecret,
    PAYMENTS_WEBHOOK_SECRET: webhookSecret,
    PAYMENTS_WEBHOOK_URL: process.env.PAYMENTS_WEBHOOK_URL || `http://127.0.0.1:${env.PORT}/webhooks/payments/test`,
    DATA_DIR: env.DATA_DIR,
  };
  await Promise.all(
    SUBGRAPH_NAMES.map((name) => {
      const port = subgraphPort(name, env.PORT);
      return supervisor.start({
        name,
        entry: `${ROOT}subgraphs/${name}/dist/index.js`,
        env: { ...shared, PORT: String(port), [subgraphDatabaseVariable(name)]: databaseUrls[name] },
        healthUrl: `http://127.0.0.1:${port}/health`,
      });
    }),
  );
  await supervisor.start({ name: "router", entry: `${ROOT}router/dist/index.js`, env: { ...shared, PORT: String(env.PORT) }, healthUrl: `http://127.0.0.1:${env.PORT}/health` });
  console.log(`\nBooking supergraph ready: http://localhost:${env.PORT}/graphql  (Ctrl-C stops everything)\n`);
} catch (error) {
  console.error(`start failed: ${(error as Error).message}`);
  await stopAll(1);
}
