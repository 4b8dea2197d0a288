import { assertConsumer, handleDelivery, type ConsumerRepositories, type EventConsumer } from "./consumer.js";
import { JetStreamTransport } from "./jetstream-transport.js";
import { PgBossTransport } from "./pg-boss-transport.js";
import { OutboxRelay, type OutboxRelayOptions } from "./relay.js";
import { DEFAULT_RETRY, type RetryPolicy } from "./retry.js";
import type { Transport } from "./transport.js";

export interface EventBackboneOptions {
  /** EVENTS_DATABASE_URL: carry events in PostgreSQL with pg-boss (used unless `natsUrl`). */
  eventsDatabaseUrl?: string;
  /** NATS_URL: carry events over NATS JetStream instead. */
  natsUrl?: string;
  /** Deliveries of one event to one consumer, and the backoff between them. @default DEFAULT_RETRY */
  retry?: Partial<RetryPolicy>;
  /** How long the transport keeps events: delivered ones (pg-boss) or ones not yet acknowledged by every consumer (JetStream). @default 604800000 (7 days) */
  retentionMs?: number;
  /** Worker polling floor for pg-boss, which NOTIFY wakes sooner. @default 2000 */
  pollIntervalMs?: number;
  /** JetStream stream name and subject prefix (tests give each run its own). */
  jetStream?: { streamName?: string; subjectPrefix?: string; ackWaitMs?: number; reconnectWaitMs?: number; publishTimeoutMs?: number };
  /** Where failures the backbone survives are reported. @default console.error */
  onError?: (error: unknown) => void;
}

/** The one way a service publishes and consumes events. */
export interface EventBackbone {
  readonly transport: Transport;
  /** Connects the transport (creating its tables or stream when missing). */
  start(): Promise<void>;
  /** Starts relaying the outbox of a service database (one relay per service process). */
  startRelay(options: OutboxRelayOptions): Promise<OutboxRelay>;
  /** Starts delivering the consumer's event types to it, once in effect per event. */
  consume<Repositories extends ConsumerRepositories>(consumer: EventConsumer<Repositories>): Promise<void>;
  /** Stops the relays, then the transport; resolves once work in progress has finished. */
  stop(): Promise<void>;
}

/** Picks the engine: JetStream when `natsUrl` is given, pg-boss on `eventsDatabaseUrl` otherwise. */
export function createTransport(options: EventBackboneOptions): Transport {
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  if (!Number.isInteger(retry.maxAttempts) || retry.maxAttempts < 1) throw new Error("retry.maxAttempts must be a whole number >= 1");
  const retentionMs = options.retentionMs ?? 7 * 86_400_000;
  if (options.natsUrl) return new JetStreamTransport({ natsUrl: options.natsUrl, retry, retentionMs, ...options.jetStream, onError: options.onError });
  if (options.eventsDatabaseUrl) {
    return new PgBossTransport({ databaseUrl: options.eventsDatabaseUrl, retry, retentionMs, pollIntervalMs: options.pollIntervalMs, onError: options.onError });
  }
  throw new Error("the event backbone needs an events database URL (EVENTS_DATABASE_URL) or a NATS URL (NATS_URL)");
}

export function createEventBackbone(options: EventBackboneOptions): EventBackbone {
  return eventBackboneOn(createTransport(options), options.onError);
}

/** A backbone over a transport of the caller's choice. */
export function eventBackboneOn(transport: Transport, onError?: (error: unknown) => void): EventBackbone {
  const relays: OutboxRelay[] = [];
  return {
    transport,
    start: () => transport.start(),
    async startRelay(options) {
      const relay = new OutboxRelay(transport, { onError, ...options });
      relays.push(relay);
      await relay.start();
      return relay;
    },
    async consume(consumer) {
      assertConsumer(consumer);
      await transport.subscribe(consumer.name, consumer.eventTypes, async (delivery) => {
        await handleDelivery(consumer, delivery);
      });
    },
    async stop() {
      await Promise.all(relays.splice(0).map((relay) => relay.stop()));
      await transport.stop();
    },
  };
}
