export { handleDelivery, type DeliveryOutcome, type EventConsumer } from "./consumer.js";
export { assertConsumerName, assertEventType, type EventEnvelope, type JsonValue, type NewEvent } from "./envelope.js";
export { applyEventMigrations, EVENT_MIGRATIONS_DIR } from "./migrations.js";
export { publishEvent } from "./outbox.js";
export { DEFAULT_RETRY, retryDelayMs, type RetryPolicy } from "./retry.js";
export type { PgStyleExecutor, PrismaStyleExecutor, SqlExecutor } from "./sql-executor.js";
export type { Delivery, DeliveryHandler, Transport } from "./transport.js";
