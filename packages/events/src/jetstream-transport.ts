import { AckPolicy, DeliverPolicy, jetstream, JetStreamApiCodes, JetStreamApiError, jetstreamManager, RetentionPolicy, StorageType, type ConsumerMessages, type JetStreamClient, type JetStreamManager, type JsMsg } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { assertConsumerName, assertEventType, type EventEnvelope } from "./envelope.js";
import { retryDelayMs, type RetryPolicy } from "./retry.js";
import type { DeliveryHandler, Transport } from "./transport.js";

export interface JetStreamTransportOptions {
  /** NATS_URL, e.g. `nats://127.0.0.1:4222`. */
  natsUrl: string;
  /** The stream that holds every event. @default "EVENTS" */
  streamName?: string;
  /** Events go to `<prefix>.<type>`. @default "events" */
  subjectPrefix?: string;
  retry: RetryPolicy;
  /** How long an event no consumer has acknowledged yet stays in the stream (`max_age`). */
  retentionMs: number;
  /** A second publish of one event id within this window is dropped by the server. @default 120000 */
  duplicateWindowMs?: number;
  /** A delivery neither acknowledged nor refused within this time (a crashed consumer) comes again. @default 30000 */
  ackWaitMs?: number;
  /** @default 5000 */
  publishTimeoutMs?: number;
  /** Wait between reconnection attempts. @default 2000 */
  reconnectWaitMs?: number;
  onError?: (error: unknown) => void;
}

interface Subscription {
  messages: ConsumerMessages;
  loop: Promise<void>;
}

/**
 * Delivery through NATS JetStream: one stream with interest retention (an event goes once every
 * consumer has acknowledged it), published with the event id as message id (the server drops a
 * duplicate within `duplicateWindowMs`), and durable pull consumers with explicit ack and
 * `max_deliver`. A refused delivery is NAKed with the backoff's delay, so JetStream itself
 * schedules the retry; the last one is terminated.
 *
 * One durable per consumer and event type (`<consumer>__<type with . as __>`): NATS servers
 * before 2.10 filter a consumer on one subject only.
 */
export class JetStreamTransport implements Transport {
  readonly kind = "jetstream";
  private connection: NatsConnection | null = null;
  private js: JetStreamClient | null = null;
  private jsm: JetStreamManager | null = null;
  private readonly subscriptions: Subscription[] = [];
  private readonly streamName: string;
  private readonly subjectPrefix: string;
  private readonly onError: (error: unknown) => void;

  constructor(private readonly options: JetStreamTransportOptions) {
    this.streamName = options.streamName ?? "EVENTS";
    this.subjectPrefix = options.subjectPrefix ?? "events";
    this.onError = options.onError ?? ((error) => console.error("jetstream:", error));
  }

  async start(): Promise<void> {
    this.connection = await connect({
      servers: this.options.natsUrl,
      name: "booking-events",
      maxReconnectAttempts: -1,
      reconnectTimeWait: this.options.reconnectWaitMs ?? 2_000,
    });
    this.jsm = await jetstreamManager(this.connection);
    this.js = jetstream(this.connection, { timeout: this.options.publishTimeoutMs ?? 5_000 });
    await this.ensureStream(this.jsm);
  }

  async publish(event: EventEnvelope): Promise<void> {
    await this.client().publish(this.subjectOf(event.type), JSON.stringify(event), { msgID: event.id });
  }

  async subscribe(consumerName: string, eventTypes: readonly string[], handler: DeliveryHandler): Promise<void> {
    assertConsumerName(consumerName);
    eventTypes.forEach(assertEventType);
    const jsm = this.manager();
    for (const type of eventTypes) {
      const durable = `${consumerName}__${type.replaceAll(".", "__")}`;
      const config = {
        ack_policy: AckPolicy.Explicit,
        filter_subject: this.subjectOf(type),
        max_deliver: this.options.retry.maxAttempts,
        ack_wait: nanos(this.options.ackWaitMs ?? 30_000),
      };
      const exists = await jsm.consumers.info(this.streamName, durable).then(
        () => true,
        (error: unknown) => {
          if (isApiError(error, JetStreamApiCodes.ConsumerNotFound)) return false;
          throw error;
        },
      );
      if (exists) await jsm.consumers.update(this.streamName, durable, config);
      else await jsm.consumers.add(this.streamName, { ...config, durable_name: durable, deliver_policy: DeliverPolicy.All });
      const consumer = await this.client().consumers.get(this.streamName, durable);
      const messages = await consumer.consume({ max_messages: 16 });
      const loop = (async () => {
        for await (const message of messages) await this.deliver(message, handler);
      })().catch((error: unknown) => this.onError(error));
      this.subscriptions.push({ messages, loop });
    }
  }

  async stop(): Promise<void> {
    const subscriptions = this.subscriptions.splice(0);
    // Ends each consumer after the delivery in hand; what it had prefetched is redelivered after ack_wait.
    for (const { messages } of subscriptions) messages.stop();
    await Promise.all(subscriptions.map(({ loop }) => loop));
    if (this.connection) {
      await this.connection.drain().catch((error: unknown) => this.onError(error));
      await this.connection.closed();
    }
    this.connection = null;
    this.js = null;
    this.jsm = null;
  }

  private async deliver(message: JsMsg, handler: DeliveryHandler): Promise<void> {
    const attempt = message.info.deliveryCount;
    const maxAttempts = this.options.retry.maxAttempts;
    let event: EventEnvelope;
    try {
      event = message.json<EventEnvelope>();
    } catch (error) {
      this.onError(new Error(`jetstream: dropped a message on ${message.subject} that is not an event envelope`, { cause: error }));
      message.term("not an event envelope");
      return;
    }
    try {
      await handler({ event, attempt, maxAttempts });
      message.ack();
    } catch (error) {
      if (attempt >= maxAttempts) {
        this.onError(new Error(`jetstream: gave up on event ${event.id} after ${attempt} attempts`, { cause: error }));
        message.term(error instanceof Error ? error.message : String(error));
      } else {
        message.nak(retryDelayMs(this.options.retry, attempt));
      }
    }
  }

  private async ensureStream(jsm: JetStreamManager): Promise<void> {
    const config = {
      subjects: [`${this.subjectPrefix}.>`],
      retention: RetentionPolicy.Interest,
      storage: StorageType.File,
      max_age: nanos(this.options.retentionMs),
      duplicate_window: nanos(Math.min(this.options.duplicateWindowMs ?? 120_000, this.options.retentionMs)),
    };
    try {
      await jsm.streams.info(this.streamName);
    } catch (error) {
      if (!isApiError(error, JetStreamApiCodes.StreamNotFound)) throw error;
      await jsm.streams.add({ name: this.streamName, ...config });
    }
  }

  private subjectOf(type: string): string {
    return `${this.subjectPrefix}.${type}`;
  }

  private client(): JetStreamClient {
    if (!this.js) throw new Error("the JetStream transport is not started");
    return this.js;
  }

  private manager(): JetStreamManager {
    if (!this.jsm) throw new Error("the JetStream transport is not started");
    return this.jsm;
  }
}

function nanos(ms: number): number {
  return Math.round(ms * 1_000_000);
}

function isApiError(error: unknown, code: number): boolean {
  return error instanceof JetStreamApiError && error.code === code;
}
