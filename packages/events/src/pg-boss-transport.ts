import { PgBoss, type JobResult, type QueueOptions, type WorkOptions } from "pg-boss";
import { assertConsumerName, assertEventType, type EventEnvelope } from "./envelope.js";
import type { RetryPolicy } from "./retry.js";
import type { DeliveryHandler, Transport } from "./transport.js";

export interface PgBossTransportOptions {
  /** The events database (EVENTS_DATABASE_URL); pg-boss keeps its tables there. */
  databaseUrl: string;
  /** @default "pgboss" */
  schema?: string;
  retry: RetryPolicy;
  /** How long delivered (completed) jobs are kept before pg-boss prunes them, in ms; whole seconds. */
  retentionMs: number;
  /** Workers poll this often besides being woken by NOTIFY; at least 500. @default 2000 */
  pollIntervalMs?: number;
  /** Jobs a worker fetches at once (and handles one after another). @default 20 */
  batchSize?: number;
  /** Workers per consumer in this process. @default 1 */
  concurrency?: number;
  /** The connection pool's size. @default 5 */
  maxConnections?: number;
  /** How long stop() waits for handlers in progress. @default 30000 */
  stopTimeoutMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * Delivery through pg-boss on PostgreSQL: `publish(type)` copies the event into the queue of
 * every consumer subscribed to its type (one queue per consumer, so fan-out), the job id being
 * the event id (a second publish of an event still in the queue adds nothing). Retries,
 * exponential backoff and pruning are pg-boss's own queue settings (`retryLimit`,
 * `retryBackoff`, `retryDelay`, `retryDelayMax`, `deleteAfterSeconds`), whole seconds each.
 */
export class PgBossTransport implements Transport {
  readonly kind = "pg-boss";
  private readonly boss: PgBoss;

  constructor(private readonly options: PgBossTransportOptions) {
    this.boss = new PgBoss({
      connectionString: options.databaseUrl,
      schema: options.schema ?? "pgboss",
      max: options.maxConnections ?? 5,
      application_name: "booking-events",
      useListenNotify: true,
      schedule: false,
    });
    const onError = options.onError ?? ((error: unknown) => console.error("pg-boss:", error));
    // An EventEmitter's unheard 'error' would end the process; pg-boss reports and carries on.
    this.boss.on("error", onError);
  }

  async start(): Promise<void> {
    await this.boss.start();
  }

  async publish(event: EventEnvelope): Promise<void> {
    await this.boss.publish(event.type, event, { id: event.id });
  }

  async subscribe(consumerName: string, eventTypes: readonly string[], handler: DeliveryHandler): Promise<void> {
    assertConsumerName(consumerName);
    eventTypes.forEach(assertEventType);
    const settings = this.queueSettings();
    if (await this.boss.getQueue(consumerName)) await this.boss.updateQueue(consumerName, settings);
    else await this.boss.createQueue(consumerName, { ...settings, notify: true });
    for (const type of eventTypes) await this.boss.subscribe(type, consumerName);
    const pollingIntervalSeconds = Math.max(0.5, (this.options.pollIntervalMs ?? 2_000) / 1000);
    const workOptions = {
      includeMetadata: true,
      perJobResults: true,
      // A full batch fetches the next at once; a short one waits for NOTIFY or the poll.
      batchSize: this.options.batchSize ?? 20,
      burstWhenBatchFull: true,
      localConcurrency: this.options.concurrency ?? 1,
      pollingIntervalSeconds,
      notifyPollingIntervalSeconds: pollingIntervalSeconds,
    } as const satisfies WorkOptions;
    await this.boss.work<EventEnvelope, void, typeof workOptions>(consumerName, workOptions, async (jobs) => {
      const results: JobResult[] = [];
      // One job after another, each settled on its own: a failure retries that event only.
      for (const job of jobs) {
        try {
          await handler({ event: job.data, attempt: job.retryCount + 1, maxAttempts: job.retryLimit + 1 });
          results.push({ id: job.id, status: "completed" });
        } catch (error) {
          results.push({ id: job.id, status: "failed", output: { message: error instanceof Error ? error.message : String(error) } });
        }
      }
      return results;
    });
  }

  async stop(): Promise<void> {
    await this.boss.stop({ graceful: true, timeout: this.options.stopTimeoutMs ?? 30_000 });
  }

  private queueSettings(): QueueOptions {
    const { retry, retentionMs } = this.options;
    return {
      retryLimit: retry.maxAttempts - 1,
      retryBackoff: true,
      retryDelay: Math.max(1, Math.ceil(retry.initialDelayMs / 1000)),
      retryDelayMax: Math.max(1, Math.ceil(retry.maxDelayMs / 1000)),
      deleteAfterSeconds: Math.max(1, Math.ceil(retentionMs / 1000)),
    };
  }
}
