import { assertConsumerName, assertEventType, type EventEnvelope } from "./envelope.js";
import { execute, type SqlExecutor } from "./sql-executor.js";
import type { Delivery } from "./transport.js";

/**
 * A consumer of events, in the service that owns its effects. `transaction` runs work in one
 * transaction of that service's database (which holds the `events` schema), e.g.
 * `(work) => prisma.$transaction(work)`; `handle` makes the effects through the same `tx`.
 * For `tx` to have the service's models, annotate (`EventConsumer<TransactionClientOf<PrismaClient>>`)
 * or pass a `transaction` made beforehand with `transactionsOf(prisma)`.
 */
export interface EventConsumer<Tx extends SqlExecutor = SqlExecutor> {
  /** Durable and unique across the system, e.g. `bookings-confirm-paid`. */
  name: string;
  eventTypes: readonly string[];
  transaction: <T>(work: (tx: Tx) => Promise<T>) => Promise<T>;
  handle: (event: EventEnvelope, tx: Tx) => Promise<void>;
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
export async function handleDelivery<Tx extends SqlExecutor>(consumer: EventConsumer<Tx>, delivery: Delivery): Promise<DeliveryOutcome> {
  const { event } = delivery;
  try {
    return await consumer.transaction(async (tx) => {
      if (!(await markProcessed(tx, consumer.name, event))) return "duplicate";
      await consumer.handle(event, tx);
      return "handled";
    });
  } catch (error) {
    if (delivery.attempt < delivery.maxAttempts) throw error;
    return consumer.transaction(async (tx) => {
      // Marked processed too, so a late copy of a dead-lettered event is not run out of band.
      if (!(await markProcessed(tx, consumer.name, event))) return "duplicate";
      await execute(
        tx,
        `INSERT INTO events.dead_letter_event (consumer, event_id, type, source, occurred_at, request_id, payload, attempts, error)
         VALUES ($1, $2::uuid, $3, $4, $5::timestamptz, $6, $7::jsonb, $8, $9)`,
        [consumer.name, event.id, event.type, event.source, event.occurredAt, event.requestId ?? null, JSON.stringify(event.payload), delivery.attempt, describeError(error)],
      );
      return "dead-lettered";
    });
  }
}

/** True when this transaction claimed the event for the consumer; false when it was already processed. */
async function markProcessed(tx: SqlExecutor, consumerName: string, event: EventEnvelope): Promise<boolean> {
  const inserted = await execute(
    tx,
    `INSERT INTO events.processed_event (consumer, event_id, event_type) VALUES ($1, $2::uuid, $3) ON CONFLICT DO NOTHING`,
    [consumerName, event.id, event.type],
  );
  return inserted === 1;
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

/** The transaction client that a Prisma client's interactive `$transaction(fn)` hands to `fn` (`any`: Prisma's overloads accept no narrower callback type). */
export type TransactionClientOf<Client> = Client extends { $transaction(work: (tx: infer Tx) => Promise<any>, ...rest: any[]): unknown } ? Tx : never;

/**
 * A consumer's `transaction` from a Prisma client, typed with its transaction client, so that
 * `handle(event, tx)` sees the service's models: `const transaction = transactionsOf(prisma)`
 * (made outside the consumer's object literal: TypeScript does not infer through a call inside it).
 */
export function transactionsOf<Client extends { $transaction(work: (tx: any) => Promise<any>): unknown }>(
  client: Client,
): <T>(work: (tx: TransactionClientOf<Client>) => Promise<T>) => Promise<T> {
  const run = client.$transaction.bind(client) as unknown as <T>(work: (tx: TransactionClientOf<Client>) => Promise<T>) => Promise<T>;
  return (work) => run(work);
}
