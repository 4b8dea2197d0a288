import type { EventEnvelope } from "./envelope.js";
import { execute, type SqlExecutor } from "./sql-executor.js";

/**
 * The backbone's records in a consumer's database (schema `events`): which events each consumer
 * has processed, and the ones it gave up on. A service builds it with its other repositories on
 * one client (the pool or a transaction's), so the records commit with the handler's effects.
 */
export class EventInboxRepository {
  constructor(private readonly db: SqlExecutor) {}

  /** True when this transaction claimed the event for the consumer; false when it was processed already (a concurrent claim waits for the other to end). */
  async claim(consumerName: string, event: EventEnvelope): Promise<boolean> {
    const inserted = await execute(
      this.db,
      `INSERT INTO events.processed_event (consumer, event_id, event_type) VALUES ($1, $2::uuid, $3) ON CONFLICT DO NOTHING`,
      [consumerName, event.id, event.type],
    );
    return inserted === 1;
  }

  /** Keeps the whole event and the last error, for inspection and replay. */
  async deadLetter(consumerName: string, event: EventEnvelope, attempts: number, error: string): Promise<void> {
    await execute(
      this.db,
      `INSERT INTO events.dead_letter_event (consumer, event_id, type, source, occurred_at, request_id, payload, attempts, error)
       VALUES ($1, $2::uuid, $3, $4, $5::timestamptz, $6, $7::jsonb, $8, $9)`,
      [consumerName, event.id, event.type, event.source, event.occurredAt, event.requestId ?? null, JSON.stringify(event.payload), attempts, error],
    );
  }
}
