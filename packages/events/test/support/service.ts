import pg from "pg";
import { applyEventMigrations, EventInboxRepository, publishEvent, type EventConsumer, type EventEnvelope, type JsonValue } from "../../src/index.js";
import { freshDatabase } from "../../../../test/support/databases.js";

/** A stand-in for a service: its own database with the `events` schema and a table of effects. */
export interface TestService {
  databaseUrl: string;
  pool: pg.Pool;
  /** Writes an event in a transaction that commits, or rolls back after the write. */
  publish(type: string, payload?: JsonValue, options?: { rollback?: boolean }): Promise<EventEnvelope>;
  /** A consumer whose handler records one effect row per event (and whatever `before` does first). */
  consumer(name: string, eventTypes: string[], before?: (event: EventEnvelope) => Promise<void> | void): EventConsumer<TestRepositories>;
  effects(consumer: string): Promise<string[]>;
  count(sql: string, values?: unknown[]): Promise<number>;
  close(): Promise<void>;
}

/** What a test service's unit of work binds to one transaction: the backbone's inbox, and the client itself. */
export interface TestRepositories {
  inbox: EventInboxRepository;
  client: pg.PoolClient;
}

export async function makeTestService(): Promise<TestService> {
  const databaseUrl = await freshDatabase("service");
  await applyEventMigrations(databaseUrl);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  await pool.query("CREATE TABLE effect (consumer TEXT NOT NULL, event_id UUID NOT NULL, made_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp())");
  const transaction = inTransaction(pool);
  const unitOfWork = <T>(work: (repositories: TestRepositories) => Promise<T>) => transaction((client) => work({ inbox: new EventInboxRepository(client), client }));
  return {
    databaseUrl,
    pool,
    publish: (type, payload = {}, options = {}) =>
      transaction(async (tx) => {
        const envelope = await publishEvent(tx, { type, source: "test", payload });
        if (options.rollback) throw new RolledBack(envelope);
        return envelope;
      }).catch((error: unknown) => {
        if (error instanceof RolledBack) return error.envelope;
        throw error;
      }),
    consumer: (name, eventTypes, before) => ({
      name,
      eventTypes,
      transaction: unitOfWork,
      async handle(event, { client }) {
        await before?.(event);
        await client.query("INSERT INTO effect (consumer, event_id) VALUES ($1, $2)", [name, event.id]);
      },
    }),
    async effects(consumer) {
      const { rows } = await pool.query<{ event_id: string }>("SELECT event_id FROM effect WHERE consumer = $1 ORDER BY made_at", [consumer]);
      return rows.map((row) => row.event_id);
    },
    async count(sql, values = []) {
      const { rows } = await pool.query<{ count: string }>(`SELECT count(*) FROM (${sql}) AS counted`, values);
      return Number(rows[0]!.count);
    },
    close: () => pool.end(),
  };
}

/** A service's "run in a transaction" over a pg pool, the shape Prisma's `$transaction` has. */
export function inTransaction(pool: pg.Pool) {
  return async <T>(work: (tx: pg.PoolClient) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      const result = await work(client);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };
}

class RolledBack extends Error {
  constructor(readonly envelope: EventEnvelope) {
    super("rolled back on purpose");
  }
}
