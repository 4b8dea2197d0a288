import { startLoop, type BackgroundLoop } from "@booking/common";
import type { BookingEventMessage } from "@booking/contracts";
import pg from "pg";
import type { BookingOutboxRepository } from "./booking-outbox.repository.js";

export interface BookingEventFeedOptions {
  /** a database URL for the one connection that LISTENs */
  databaseUrl: string;
  /** the polling fallback's period, in case a notification is lost @default 1000 */
  pollMs?: number;
  /** rows read per query @default 500 */
  pageSize?: number;
  /**
   * How long events stay in the outbox for routers to replay from their cursor after a
   * reconnect (BOOKING_EVENTS_RETENTION_HOURS). @default 604800000 (7 days)
   */
  retentionMs?: number;
  /** How often old events are pruned (and once at start). @default 600000 (10 minutes) */
  pruneEveryMs?: number;
}

interface Subscriber {
  /** the last outbox id this subscriber has been sent */
  cursor: bigint;
  send(events: BookingEventMessage[]): void;
  closed?: () => void;
}

const CHANNEL = "booking_outbox";
// Rows deleted per statement while pruning: short statements, whatever the backlog.
const PRUNE_BATCH = 5_000;

/**
 * Relays the outbox to every connected router: each subscriber has a cursor, and whenever the
 * outbox grows (NOTIFY booking_outbox from the writing transaction's commit, or the polling
 * fallback) the rows after the smallest cursor are read once and handed to whoever has not
 * had them. A new subscriber's replay is the same step, starting from its `after`.
 */
export class BookingEventFeed {
  private readonly subscribers = new Set<Subscriber>();
  private readonly pollMs: number;
  private readonly pageSize: number;
  private listener: pg.Client | null = null;
  private loop: BackgroundLoop | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private pruneTimer: NodeJS.Timeout | null = null;
  private pruning: Promise<number> | null = null;
  private stopped = false;

  constructor(
    private readonly outbox: BookingOutboxRepository,
    private readonly options: BookingEventFeedOptions,
  ) {
    this.pollMs = options.pollMs ?? 1_000;
    this.pageSize = options.pageSize ?? 500;
  }

  async start(): Promise<void> {
    // Woken by NOTIFY and new subscribers; every pollMs anyway, in case a notification is lost.
    this.loop = startLoop({ name: "booking events", idleMs: this.pollMs, run: () => this.deliver() });
    await this.listen().catch((error: unknown) => this.listenLater(error));
    const prune = () => void this.prune().catch((error: unknown) => console.error("booking events: pruning the outbox failed:", error));
    this.pruneTimer = setInterval(prune, this.options.pruneEveryMs ?? 600_000);
    this.pruneTimer.unref();
    prune();
  }

  /**
   * Deletes events older than the retention that every subscriber of this instance has been
   * sent (a subscriber replaying from far back keeps what it has not had yet); returns how many
   * went. A router that reconnects, here or to another instance, resumes from a cursor at most
   * moments old, well inside the retention, so it misses nothing; one whose cursor is older than
   * the retention has lost the events in between.
   */
  prune(): Promise<number> {
    this.pruning ??= (async () => {
      const before = new Date(Date.now() - (this.options.retentionMs ?? 7 * 86_400_000));
      const cursors = [...this.subscribers].map((subscriber) => subscriber.cursor);
      const through = cursors.length === 0 ? null : cursors.reduce((least, cursor) => (cursor < least ? cursor : least));
      let pruned = 0;
      for (;;) {
        const deleted = await this.outbox.deleteOlderThan(before, through, PRUNE_BATCH);
        pruned += deleted;
        if (deleted < PRUNE_BATCH || this.stopped) return pruned;
      }
    })().finally(() => {
      this.pruning = null;
    });
    return this.pruning;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    await this.pruning?.catch(() => undefined);
    for (const subscriber of this.subscribers) subscriber.closed?.();
    this.subscribers.clear();
    await this.listener?.end().catch(() => undefined);
    await this.loop?.stop();
  }

  /** The newest outbox id: where a subscriber that wants only new events starts. */
  head(): Promise<bigint> {
    return this.outbox.latestId();
  }

  /**
   * Sends `send` every event after the outbox id `after`, in id order, until the returned
   * function is called; `closed` is called if the feed stops first (the service is shutting down).
   */
  subscribe(after: bigint, send: (events: BookingEventMessage[]) => void, closed?: () => void): () => void {
    const subscriber: Subscriber = { cursor: after, send, closed };
    this.subscribers.add(subscriber);
    this.pump();
    return () => void this.subscribers.delete(subscriber);
  }

  /**
   * How far the slowest connected router is behind: seconds since the oldest event it has not
   * been sent was written (0 when every router has everything, or none is connected).
   */
  async undeliveredAgeSeconds(): Promise<number> {
    if (this.subscribers.size === 0) return 0;
    return this.outbox.ageOfOldestAfter(this.slowestCursor());
  }

  /** Delivers what is new; calls made while a delivery runs fold into one more round. */
  pump(): void {
    this.loop?.wake();
  }

  private async deliver(): Promise<void> {
    for (;;) {
      if (this.subscribers.size === 0) return;
      const from = this.slowestCursor();
      const events = await this.outbox.eventsAfter(from, this.pageSize);
      if (events.length === 0) return;
      for (const subscriber of this.subscribers) {
        const fresh = events.filter((event) => BigInt(event.id) > subscriber.cursor);
        if (fresh.length === 0) continue;
        subscriber.cursor = BigInt(fresh.at(-1)!.id);
        subscriber.send(fresh);
      }
      if (events.length < this.pageSize) return;
    }
  }

  private slowestCursor(): bigint {
    return [...this.subscribers].reduce((least, subscriber) => (subscriber.cursor < least ? subscriber.cursor : least), [...this.subscribers][0]!.cursor);
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.databaseUrl });
    client.on("notification", () => this.pump());
    client.on("error", (error) => {
      if (this.listener === client) this.listener = null;
      void client.end().catch(() => undefined);
      this.listenLater(error);
    });
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    if (this.stopped) {
      await client.end();
      return;
    }
    this.listener = client;
    // anything committed while no one listened
    this.pump();
  }

  private listenLater(error: unknown): void {
    if (this.stopped || this.reconnectTimer) return;
    console.error(`booking events: LISTEN failed (${(error as Error).message}); polling until it reconnects`);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.listen().catch((again: unknown) => this.listenLater(again));
    }, 1_000);
    this.reconnectTimer.unref();
  }
}
