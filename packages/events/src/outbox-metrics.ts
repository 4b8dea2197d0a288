import pg from "pg";
import { Gauge, type Registry } from "prom-client";

interface OutboxBacklog {
  pending: number;
  oldestAgeSeconds: number;
}

/**
 * Reports how far a service's event outbox is behind, read from its database at each scrape:
 * the rows not yet published and the age of the oldest of them (0 when none waits). A relay
 * that cannot reach its transport, or a service with no engine configured, shows here first.
 */
export function observeEventOutbox(registry: Registry, databaseUrl: string): { stop(): Promise<void> } {
  // One connection, opened for scrapes only.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1, idleTimeoutMillis: 5_000 });
  pool.on("error", () => undefined); // a dropped idle connection is opened again at the next scrape
  let reading: Promise<OutboxBacklog | null> | null = null;
  const backlog = () =>
    (reading ??= pool
      .query<{ pending: number; age: number }>(
        `SELECT count(*)::int AS pending, greatest(0, coalesce(extract(epoch FROM now() - min(occurred_at)), 0))::float8 AS age
         FROM events.event_outbox WHERE published_at IS NULL`,
      )
      .then(
        ({ rows: [row] }) => ({ pending: row!.pending, oldestAgeSeconds: row!.age }),
        () => null, // the database is away: this scrape reports nothing new
      )
      .finally(() => (reading = null)));
  new Gauge({
    name: "event_outbox_pending",
    help: "Events in this service's outbox not yet published to the backbone",
    registers: [registry],
    async collect() {
      const read = await backlog();
      if (read) this.set(read.pending);
    },
  });
  new Gauge({
    name: "event_outbox_oldest_pending_age_seconds",
    help: "Age of the oldest event in this service's outbox not yet published (0 when none waits)",
    registers: [registry],
    async collect() {
      const read = await backlog();
      if (read) this.set(read.oldestAgeSeconds);
    },
  });
  // a service stopped twice (tests do) ends its pool once
  let ended: Promise<void> | null = null;
  return { stop: () => (ended ??= pool.end()) };
}
