import { EventEmitter, on } from "node:events";
import type { PubSub } from "type-graphql";

export const BOOKING_EVENTS_TOPIC = "BOOKING_EVENTS";

/**
 * In-process topics for type-graphql's @Subscription fields, which refuse to build without
 * a pubSub. Clients get booking events through the router, across instances; this only
 * lets the subgraph declare and serve the Subscription type.
 */
export function createBookingEventPubSub(): PubSub {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    publish(topic: string, payload: unknown) {
      emitter.emit(topic, payload);
    },
    async *subscribe(topic: string) {
      for await (const [payload] of on(emitter, topic)) yield payload;
    },
  };
}
