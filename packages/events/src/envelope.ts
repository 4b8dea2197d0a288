import { randomUUID } from "node:crypto";

/** A JSON value: what an event's payload may hold. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** One event as every transport carries it and every consumer receives it. */
export interface EventEnvelope<TPayload extends JsonValue = JsonValue> {
  /** A UUID, the event's identity everywhere: outbox row, transport message id, processed-event key. */
  id: string;
  /** Dotted, lowercase words naming what happened, e.g. `payment.succeeded`. */
  type: string;
  /** The service that published it, e.g. `payments`. */
  source: string;
  /** When the publishing transaction wrote it (ISO 8601, UTC). */
  occurredAt: string;
  /** The request that caused it, for logs. */
  requestId?: string;
  payload: TPayload;
}

/** What a publisher says; the rest of the envelope is filled in by `newEnvelope`. */
export interface NewEvent<TPayload extends JsonValue = JsonValue> {
  type: string;
  source: string;
  payload: TPayload;
  requestId?: string;
}

// Types become NATS subject tokens and pg-boss event names, consumer names pg-boss queue names
// and (joined to a type by "__") JetStream durable names: words never hold "__" themselves.
const WORD = "[a-z0-9]+(?:[_-][a-z0-9]+)*";
const EVENT_TYPE = new RegExp(`^${WORD}(?:\\.${WORD})*$`);
const CONSUMER_NAME = new RegExp(`^${WORD}$`);

export function assertEventType(type: string): void {
  if (!EVENT_TYPE.test(type)) throw new Error(`event type ${JSON.stringify(type)} must be dotted lowercase words (letters and digits, single _ or - inside), e.g. "payment.succeeded"`);
}

export function assertConsumerName(name: string): void {
  if (!CONSUMER_NAME.test(name)) throw new Error(`consumer name ${JSON.stringify(name)} must be lowercase letters and digits, single _ or - inside, e.g. "bookings-confirm-paid"`);
}

export function newEnvelope<TPayload extends JsonValue>(event: NewEvent<TPayload>): EventEnvelope<TPayload> {
  assertEventType(event.type);
  return {
    id: randomUUID(),
    type: event.type,
    source: event.source,
    occurredAt: new Date().toISOString(),
    ...(event.requestId === undefined ? {} : { requestId: event.requestId }),
    payload: event.payload,
  };
}
