import type { EventEnvelope } from "./envelope.js";

/** One delivery of an event to one consumer. */
export interface Delivery {
  event: EventEnvelope;
  /** 1 on the first delivery; counted by the engine, across restarts. */
  attempt: number;
  /** The attempt after which the engine stops redelivering. */
  maxAttempts: number;
}

/** Resolving acknowledges the delivery; rejecting asks for it again after a backoff. */
export type DeliveryHandler = (delivery: Delivery) => Promise<void>;

/**
 * The engine that carries events between services. Both implementations promise the same:
 * every event published after a consumer first subscribed reaches that consumer at least
 * once, in no guaranteed order; a rejected delivery comes again with exponential backoff until
 * `maxAttempts`; each consumer has its own copy (fan-out); delivered events are pruned.
 */
export interface Transport {
  /** `pg-boss` or `jetstream`, for logs and tests. */
  readonly kind: string;
  start(): Promise<void>;
  /** Resolves once the engine has stored the event durably. Publishing one id twice is harmless. */
  publish(event: EventEnvelope): Promise<void>;
  /** Starts delivering events of `eventTypes` to `handler` under the durable name `consumerName`. */
  subscribe(consumerName: string, eventTypes: readonly string[], handler: DeliveryHandler): Promise<void>;
  /** Stops taking deliveries, waits for those in progress, closes connections. */
  stop(): Promise<void>;
}
