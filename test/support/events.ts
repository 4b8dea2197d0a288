import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { randomBytes } from "node:crypto";
import { freshDatabase } from "./databases.js";

/** The engines the event backbone runs on. */
export type EventEngine = "pg-boss" | "jetstream";

/** Where JetStream answers in tests: NATS_URL, or the local default. */
export const TEST_NATS_URL = process.env.NATS_URL || "nats://127.0.0.1:4222";

/** The engine a supergraph uses unless told: JetStream when NATS_URL is set, pg-boss otherwise. */
export function defaultEventEngine(): EventEngine {
  return process.env.NATS_URL ? "jetstream" : "pg-boss";
}

/** The services' event settings for one system: its own events database, or its own JetStream stream. */
export async function eventBackboneFor(engine: EventEngine): Promise<{ env: Record<string, string>; cleanup(): Promise<void> }> {
  if (engine === "pg-boss") return { env: { EVENTS_DATABASE_URL: await freshDatabase("events") }, cleanup: async () => undefined };
  const stream = `TEST_${randomBytes(5).toString("hex").toUpperCase()}`;
  return {
    env: { NATS_URL: TEST_NATS_URL, NATS_STREAM: stream },
    async cleanup() {
      const connection = await connect({ servers: TEST_NATS_URL, timeout: 2_000 });
      try {
        await (await jetstreamManager(connection)).streams.delete(stream).catch(() => undefined);
      } finally {
        await connection.close();
      }
    },
  };
}

/** Null when a JetStream-enabled NATS answers at TEST_NATS_URL, else why not (to print with the skip). */
export async function jetStreamUnavailable(): Promise<string | null> {
  try {
    const connection = await connect({ servers: TEST_NATS_URL, timeout: 1_000, reconnect: false });
    try {
      await (await jetstreamManager(connection)).getAccountInfo();
      return null;
    } finally {
      await connection.close();
    }
  } catch (error) {
    return `no JetStream-enabled NATS at ${TEST_NATS_URL} (${error instanceof Error ? error.message : String(error)}); set NATS_URL or start nats-server -js`;
  }
}
