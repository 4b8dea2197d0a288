import { createEventBackbone, type EventBackbone, type EventBackboneOptions } from "./backbone.js";
import type { EventConsumer } from "./consumer.js";
import { applyEventMigrations } from "./migrations.js";
import { observeEventOutbox } from "./outbox-metrics.js";
import type { SqlExecutor } from "./sql-executor.js";
import type { Registry } from "prom-client";

export interface ServiceEventsOptions {
  /** The service's own database: its `events` schema, outbox and processed ids. */
  databaseUrl: string;
  /** EVENTS_DATABASE_URL (pg-boss), unless `natsUrl`. */
  eventsDatabaseUrl: string | null;
  /** NATS_URL (JetStream). */
  natsUrl: string | null;
  /** JetStream stream name; its subjects are the name in lowercase. @default "EVENTS" */
  natsStream?: string;
  /** The service's consumers: they subscribe before the relay publishes anything. */
  consumers: readonly EventConsumer<any>[];
  retry?: EventBackboneOptions["retry"];
  /** Outbox relay poll (the NOTIFY at commit wakes it sooner). */
  relayPollIntervalMs?: number;
  /** The service's `/metrics` registry: the outbox's backlog is reported there. */
  metrics?: Registry;
}

/** What a service stops on shutdown; `backbone` is null when no engine is configured. */
export interface ServiceEvents {
  backbone: EventBackbone | null;
  stop(): Promise<void>;
}

/**
 * Everything a service does with the backbone at start, in the order the backbone needs:
 * its `events` schema, the engine, its consumers (subscribed before anything is published, since
 * an event published before a consumer first subscribed never reaches it), then the relay of its
 * outbox. Without an engine (development, tests of one service) events wait in the outbox.
 */
export async function startServiceEvents(service: string, options: ServiceEventsOptions): Promise<ServiceEvents> {
  await applyEventMigrations(options.databaseUrl);
  const observed = options.metrics ? observeEventOutbox(options.metrics, options.databaseUrl) : null;
  const stopObserving = async () => void (await observed?.stop());
  if (!options.natsUrl && !options.eventsDatabaseUrl) {
    console.warn(`${service}: no EVENTS_DATABASE_URL or NATS_URL: events wait in the outbox and consumers do not run`);
    return { backbone: null, stop: stopObserving };
  }
  const stream = options.natsStream ?? "EVENTS";
  const backbone = createEventBackbone({
    natsUrl: options.natsUrl ?? undefined,
    eventsDatabaseUrl: options.eventsDatabaseUrl ?? undefined,
    retry: options.retry,
    jetStream: { streamName: stream, subjectPrefix: stream.toLowerCase() },
    onError: (error) => console.error(`${service} events:`, error),
  });
  await backbone.start();
  try {
    for (const consumer of options.consumers) await backbone.consume(consumer);
    await backbone.startRelay({ databaseUrl: options.databaseUrl, pollIntervalMs: options.relayPollIntervalMs });
  } catch (error) {
    await backbone.stop().catch(() => undefined);
    await stopObserving();
    throw error;
  }
  return {
    backbone,
    stop: async () => {
      await backbone.stop();
      await stopObserving();
    },
  };
}
