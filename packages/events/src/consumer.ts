import { assertConsumerName, assertEventType, type EventEnvelope } from "./envelope.js";
import type { EventInboxRepository } from "./inbox.js";
import type { Delivery } from "./transport.js";

/** What a consumer's transaction must hold besides the service's own repositories: the backbone's records, on the same transaction. */
export interface ConsumerRepositories {
  inbox: EventInboxRepository;
}

/**
 * A consumer of events, in the service that owns its effects. `transaction` is the service's
 * unit of work (`(work) => uow.transaction(work, limits)`): it runs work in one transaction of
 * that service's database with repositories bound to it, among them `inbox`
 * (`new EventInboxRepository(db)` in the service's repositories.ts); `handle` makes its effects
 * through those repositories, so they commit with the processed mark or not at all.
 */
export interface EventConsumer<Repositories extends ConsumerRepositories = ConsumerRepositories> {
  /** Durable and unique across the system, e.g. `bookings-confirm-paid`. */
  name: string;
  eventTypes: readonly string[];
  transaction: <T>(work: (repositories: Repositories) => Promise<T>) => Promise<T>;
  handle: (event: EventEnvelope, repositories: Repositories) => Promise<void>;
}

export type DeliveryOutcome = "handled" | "duplicate" | "dead-lettered";

export function assertConsumer(consumer: Pick<EventConsumer, "name" | "eventTypes">): void {
  assertConsumerName(consumer.name);
  if (consumer.eventTypes.length === 0) throw new Error(`consumer ${consumer.name} names no event types`);
  consumer.eventTypes.forEach(assertEventType);
}

/**
 * Handles one delivery exactly once in effect: the event id goes into `processed_event` in the
 * transaction that makes the handler's effects, so they commit together or not at all, and a
 * redelivery (or a concurrent duplicate, which waits on the same key) finds the id and is
 * acknowledged without running the handler. A handler that still fails on the last attempt
 * has the event recorded in `dead_letter_event` with its error, and the delivery acknowledged.
 */
export async function handleDelivery<Repositories extends ConsumerRepositories>(consumer: EventConsumer<Repositories>, delivery: Delivery): Promise<DeliveryOutcome> {
  const { event } = delivery;
  try {
    return await consumer.transaction(async (repositories) => {
      if (!(await repositories.inbox.claim(consumer.name, event))) return "duplicate";
      await consumer.handle(event, repositories);
      return "handled";
    });
  } catch (error) {
    if (delivery.attempt < delivery.maxAttempts) throw error;
    return consumer.transaction(async ({ inbox }) => {
      // Marked processed too, so a late copy of a dead-lettered event is not run out of band.
      if (!(await inbox.claim(consumer.name, event))) return "duplicate";
      await inbox.deadLetter(consumer.name, event, delivery.attempt, describeError(error));
      return "dead-lettered";
    });
  }
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}
