import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { randomBytes } from "node:crypto";
import type { EventBackboneOptions } from "../../src/index.js";
import { freshDatabase } from "../../../../test/support/databases.js";

/** Short waits everywhere, so that retries and dead letters take a second or two. */
export const TEST_RETRY = { maxAttempts: 3, initialDelayMs: 100, maxDelayMs: 1_000 };

export const NATS_URL = process.env.NATS_URL ?? "nats://127.0.0.1:4222";

/** One engine under test: backbone options for it, optionally reached through another host:port (a proxy). */
export interface TransportCase {
  kind: "pg-boss" | "jetstream";
  /** Why this engine's tests are skipped here, or null when they run. */
  skipReason: string | null;
  backboneOptions(via?: { host: string; port: number }, onError?: (error: unknown) => void): Promise<EventBackboneOptions>;
  /** Where the engine itself listens (what a proxy forwards to). */
  address(): Promise<{ host: string; port: number }>;
  cleanup(): Promise<void>;
}

export function pgBossCase(): TransportCase {
  let eventsDatabaseUrl: Promise<string> | null = null;
  const url = () => (eventsDatabaseUrl ??= freshDatabase("events"));
  return {
    kind: "pg-boss",
    skipReason: null,
    async backboneOptions(via, onError) {
      const target = new URL(await url());
      if (via) {
        target.hostname = via.host;
        target.port = String(via.port);
      }
      return { eventsDatabaseUrl: target.toString(), retry: TEST_RETRY, pollIntervalMs: 500, onError };
    },
    async address() {
      const target = new URL(await url());
      return { host: target.hostname, port: Number(target.port || 5432) };
    },
    async cleanup() {},
  };
}

/** JetStream on NATS_URL; each run has its own stream and subjects, deleted at the end. */
export async function jetStreamCase(): Promise<TransportCase> {
  const tag = randomBytes(4).toString("hex");
  const streamName = `TEST_EVENTS_${tag}`;
  const skipReason = await natsUnavailable(NATS_URL);
  if (skipReason) console.log(`JetStream transport tests skipped: ${skipReason}`);
  return {
    kind: "jetstream",
    skipReason,
    async backboneOptions(via, onError) {
      const target = new URL(NATS_URL);
      if (via) {
        target.hostname = via.host;
        target.port = String(via.port);
      }
      return {
        natsUrl: target.toString(),
        retry: TEST_RETRY,
        retentionMs: 600_000,
        jetStream: { streamName, subjectPrefix: `test_${tag}`, ackWaitMs: 10_000, reconnectWaitMs: 100, publishTimeoutMs: 1_000 },
        onError,
      };
    },
    async address() {
      const target = new URL(NATS_URL);
      return { host: target.hostname, port: Number(target.port || 4222) };
    },
    async cleanup() {
      if (skipReason) return;
      const connection = await connect({ servers: NATS_URL });
      const jsm = await jetstreamManager(connection);
      await jsm.streams.delete(streamName).catch(() => undefined);
      await connection.close();
    },
  };
}

/** Null when a JetStream-enabled NATS answers at `url`, else why not. */
async function natsUnavailable(url: string): Promise<string | null> {
  try {
    const connection = await connect({ servers: url, timeout: 1_000, reconnect: false });
    try {
      const jsm = await jetstreamManager(connection);
      await jsm.getAccountInfo();
      return null;
    } finally {
      await connection.close();
    }
  } catch (error) {
    return `no JetStream-enabled NATS at ${url} (${error instanceof Error ? error.message : String(error)}); set NATS_URL or start nats-server -js`;
  }
}
