import { newEnvelope, type EventEnvelope, type JsonValue, type NewEvent } from "./envelope.js";
import { execute, type SqlExecutor } from "./sql-executor.js";

/**
 * Writes an event to this service's outbox through `tx`, the caller's open transaction: it is
 * published (by the relay, after commit) exactly when the transaction commits, never if it
 * rolls back. The insert's trigger NOTIFYs the relay at commit.
 */
export async function publishEvent<TPayload extends JsonValue>(tx: SqlExecutor, event: NewEvent<TPayload>): Promise<EventEnvelope<TPayload>> {
  const envelope = newEnvelope(event);
  await execute(
    tx,
    `INSERT INTO events.event_outbox (id, type, source, occurred_at, request_id, payload)
     VALUES ($1::uuid, $2, $3, $4::timestamptz, $5, $6::jsonb)`,
    [envelope.id, envelope.type, envelope.source, envelope.occurredAt, envelope.requestId ?? null, JSON.stringify(envelope.payload)],
  );
  return envelope;
}
