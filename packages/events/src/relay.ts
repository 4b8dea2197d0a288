import pg from "pg";
import type { EventEnvelope, JsonValue } from "./envelope.js";
import { retryDelayMs, type RetryPolicy } from "./retry.js";
import type { Transport } from "./transport.js";

const CHANNEL = "events_outbox";

export interface OutboxRelayOptions {
  /** The service's own database, whose `events.event_outbox` this relay empties. */
  databaseUrl: string;
  /** Rows claimed and published per round. @default 100 */
  batchSize?: number;
  /** The slow poll that backs up LISTEN/NOTIFY and picks up rows whose backoff ran out. @default 1000 */
  pollIntervalMs?: number;
  /** Backoff between publish attempts of a row while the transport fails. @default { initialDelayMs: 500, maxDelayMs: 60000 } */
  publishRetry?: Pick<RetryPolicy, "initialDelayMs" | "maxDelayMs">;
  /** A publish that takes longer counts as failed (and is tried again). @default 10000 */
  publishTimeoutMs?: number;
  /** How long published rows stay in the outbox (for inspection) before they are pruned. @default 86400000 (a day) */
  publishedRetentionMs?: number;
  /**
   * How long this service's consumers remember processed event ids. Longer than any
   * redelivery can come late (the transports keep undelivered events for `retentionMs`).
   * @default 2592000000 (30 days)
   */
  processedRetentionMs?: number;
  /** Where failures that the relay survives are reported. @default console.error */
  onError?: (error: unknown) => void;
}

interface OutboxRow {
  id: string;
  type: string;
  source: string;
  occurred_at: Date;
  request_id: string | null;
  payload: JsonValue;
  attempts: number;
}

/**
 * Publishes a service's outbox to the transport, at least once, one relay per process: it
 * wakes on NOTIFY from a committing publisher and on a slow poll, claims due rows with
 * FOR UPDATE SKIP LOCKED (so several processes share the work), publishes them and marks them
 * published in the same transaction. A row the transport refuses stays, with a growing backoff;
 * a crash between publish and commit publishes it again, which consumers absorb.
 */
export class OutboxRelay {
  private readonly databaseUrl: string;
  private readonly pool: pg.Pool;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly publishRetry: Pick<RetryPolicy, "initialDelayMs" | "maxDelayMs">;
  private readonly publishTimeoutMs: number;
  private readonly publishedRetentionMs: number;
  private readonly processedRetentionMs: number;
  private readonly onError: (error: unknown) => void;
  private listener: pg.Client | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private pass: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private lastPruneAt = 0;

  constructor(
    private readonly transport: Transport,
    options: OutboxRelayOptions,
  ) {
    this.databaseUrl = options.databaseUrl;
    this.pool = new pg.Pool({ connectionString: options.databaseUrl, max: 2 });
    this.pool.on("error", (error) => this.onError(error));
    this.batchSize = options.batchSize ?? 100;
    this.pollIntervalMs = options.pollIntervalMs ?? 1_000;
    this.publishRetry = options.publishRetry ?? { initialDelayMs: 500, maxDelayMs: 60_000 };
    this.publishTimeoutMs = options.publishTimeoutMs ?? 10_000;
    this.publishedRetentionMs = options.publishedRetentionMs ?? 86_400_000;
    this.processedRetentionMs = options.processedRetentionMs ?? 30 * 86_400_000;
    this.onError = options.onError ?? ((error) => console.error("event relay:", error));
  }

  /** Starts listening and polling, and publishes what earlier runs left behind. */
  async start(): Promise<void> {
    await this.listen().catch((error: unknown) => this.listenLater(error));
    this.pollTimer = setInterval(() => void this.wake(), this.pollIntervalMs);
    await this.wake();
  }

  /**
   * Publishes what is due; resolves after a round that began after this call. Never rejects.
   * Calls made while a round runs fold into one more round.
   */
  wake(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.pass) {
      this.again = true;
      return this.pass;
    }
    this.pass = (async () => {
      do {
        this.again = false;
        try {
          await this.publishDue();
          await this.pruneIfDue();
        } catch (error) {
          this.onError(error);
        }
      } while (this.again && !this.stopped);
    })().finally(() => {
      this.pass = null;
    });
    return this.pass;
  }

  /** Stops waking, lets the round in progress finish, closes the connections. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    await this.pass;
    await this.listener?.end().catch(() => undefined);
    this.listener = null;
    await this.pool.end();
  }

  private async publishDue(): Promise<void> {
    for (;;) {
      const { claimed, failed } = await this.publishBatch();
      if (failed > 0 || claimed < this.batchSize || this.stopped) return;
    }
  }

  /** One transaction: claim due rows, publish them, record what happened to each. */
  private async publishBatch(): Promise<{ claimed: number; failed: number }> {
    const client = await this.pool.connect();
    // pg-pool takes its idle 'error' listener off a checked-out client, and this one waits on
    // publishes with its transaction open: a database that goes away meanwhile (a restart) would
    // emit 'error' with nothing listening, which ends the process. Note it; the statement that
    // follows fails, and the client is released as broken.
    let broken: Error | undefined;
    const onClientError = (error: Error) => void (broken ??= error);
    client.on("error", onClientError);
    try {
      await client.query("BEGIN");
      const { rows } = await client.query<OutboxRow>(
        `SELECT id, type, source, occurred_at, request_id, payload, attempts FROM events.event_outbox
         WHERE published_at IS NULL AND next_attempt_at <= now()
         ORDER BY position LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.batchSize],
      );
      const outcomes = await Promise.allSettled(rows.map((row) => this.publishWithTimeout(envelopeOf(row))));
      const published = rows.filter((_, index) => outcomes[index]!.status === "fulfilled").map((row) => row.id);
      const failures = rows.flatMap((row, index) => {
        const outcome = outcomes[index]!;
        return outcome.status === "rejected" ? [{ row, error: outcome.reason as unknown }] : [];
      });
      if (published.length > 0) await client.query(`UPDATE events.event_outbox SET published_at = now() WHERE id = ANY($1::uuid[])`, [published]);
      if (failures.length > 0) {
        await client.query(
          `UPDATE events.event_outbox AS outbox
           SET attempts = outbox.attempts + 1,
               next_attempt_at = now() + failed.delay_ms * interval '1 millisecond',
               last_error = failed.error
           FROM unnest($1::uuid[], $2::double precision[], $3::text[]) AS failed(id, delay_ms, error)
           WHERE outbox.id = failed.id`,
          [
            failures.map(({ row }) => row.id),
            failures.map(({ row }) => retryDelayMs(this.publishRetry, row.attempts + 1)),
            failures.map(({ error }) => (error instanceof Error ? error.message : String(error))),
          ],
        );
        this.onError(new Error(`event relay: ${failures.length} of ${rows.length} events not published (${this.transport.kind}); retrying with backoff`, { cause: failures[0]!.error }));
      }
      await client.query("COMMIT");
      return { claimed: rows.length, failed: failures.length };
    } catch (error) {
      if (!broken) await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.removeListener("error", onClientError);
      client.release(broken);
    }
  }

  private async publishWithTimeout(event: EventEnvelope): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`publish timed out after ${this.publishTimeoutMs} ms`)), this.publishTimeoutMs);
    });
    try {
      await Promise.race([this.transport.publish(event), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Published outbox rows and old processed-event ids go once their retention has passed. */
  private async pruneIfDue(): Promise<void> {
    const interval = Math.min(60_000, this.publishedRetentionMs);
    if (Date.now() - this.lastPruneAt < interval) return;
    this.lastPruneAt = Date.now();
    await this.pool.query(`DELETE FROM events.event_outbox WHERE published_at < now() - $1 * interval '1 millisecond'`, [this.publishedRetentionMs]);
    await this.pool.query(`DELETE FROM events.processed_event WHERE processed_at < now() - $1 * interval '1 millisecond'`, [this.processedRetentionMs]);
  }

  private async listen(): Promise<void> {
    const listener = new pg.Client({ connectionString: this.databaseUrl });
    listener.on("notification", () => void this.wake());
    listener.on("error", (error) => {
      if (this.listener !== listener) return;
      this.listener = null;
      void listener.end().catch(() => undefined);
      this.listenLater(error);
    });
    await listener.connect();
    await listener.query(`LISTEN ${CHANNEL}`);
    if (this.stopped) {
      await listener.end();
      return;
    }
    this.listener = listener;
  }

  /** The poll keeps the relay working while LISTEN is down; reconnect in the background. */
  private listenLater(error: unknown): void {
    this.onError(error);
    if (this.stopped) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.listen().catch((next: unknown) => this.listenLater(next));
    }, this.pollIntervalMs);
  }
}

function envelopeOf(row: OutboxRow): EventEnvelope {
  return {
    id: row.id,
    type: row.type,
    source: row.source,
    occurredAt: row.occurred_at.toISOString(),
    ...(row.request_id === null ? {} : { requestId: row.request_id }),
    payload: row.payload,
  };
}
