import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import type { Registry } from "prom-client";
import { observeDatabasePool } from "./metrics.js";

export interface DatabaseOptions {
  /** Called once per SQL statement: tests count them to prove lists cost O(1) queries. */
  onQuery?: (sql: string) => void;
  /** Connections in this process's pool. */
  poolSize?: number;
  /** Where the pool reports its connections (`/metrics`), under `poolName`. */
  metrics?: Registry;
  /** The pool's name in metrics. @default "requests" */
  poolName?: string;
}

interface PrismaClientLike {
  $on(event: "query", listener: (event: { query: string }) => void): void;
}

/**
 * A subgraph's generated PrismaClient on `@prisma/adapter-pg` (no native engine), with
 * optional query observation.
 */
export function createPrismaClient<T>(
  PrismaClient: new (options: { adapter: PrismaPg; log?: { emit: "event"; level: "query" }[] }) => T,
  databaseUrl: string,
  options: DatabaseOptions = {},
): T {
  // Our own pool rather than the adapter's, so its counts can be reported; the client ends it on $disconnect.
  const pool = new EndsOncePool({ connectionString: withUtcSessions(databaseUrl), max: options.poolSize ?? 10 });
  if (options.metrics) observeDatabasePool(options.metrics, options.poolName ?? "requests", pool);
  const adapter = new PrismaPg(pool, { disposeExternalPool: true });
  const client = new PrismaClient({ adapter, log: options.onQuery ? [{ emit: "event", level: "query" }] : undefined });
  if (options.onQuery) {
    const onQuery = options.onQuery;
    (client as unknown as PrismaClientLike).$on("query", (event) => onQuery(event.query));
  }
  return client;
}

/**
 * A client disconnected twice (a test stopping a service it already stopped) ends its pool once.
 * Every connection also keeps an 'error' listener of its own for its whole life: pg-pool listens
 * only while a connection is idle, and @prisma/adapter-pg only while a transaction is open, so a
 * database restart that reaches a connection between the two (a transaction rolled back and its
 * broken connection being closed) emitted 'error' with nothing listening and ended the process.
 * The statement that was running fails on its own, and the pool drops the connection on release.
 */
class EndsOncePool extends pg.Pool {
  #ended: Promise<void> | null = null;

  constructor(config: pg.PoolConfig) {
    super(config);
    this.on("connect", (client) => client.on("error", () => undefined));
  }

  override end(): Promise<void>;
  override end(callback: () => void): void;
  override end(callback?: () => void): Promise<void> | void {
    this.#ended ??= super.end();
    if (!callback) return this.#ended;
    void this.#ended.then(callback, callback);
  }
}

/**
 * @prisma/adapter-pg writes timestamptz values without an offset, so PostgreSQL reads them
 * in the session's TimeZone and stores shifted instants unless that is UTC
 * (prisma/orm#26786). Typed reads make the mirror mistake and hide it; raw SQL does not.
 */
export function withUtcSessions(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  const options = url.searchParams.get("options");
  url.searchParams.set("options", [options, "-c TimeZone=UTC"].filter(Boolean).join(" "));
  return url.toString();
}

/**
 * The unique index a write violated, by name, when `error` is Prisma's P2002; otherwise null.
 * Through a driver adapter Prisma puts the name under `meta.driverAdapterError.cause.constraint`;
 * a repository maps the names it knows (its migrations') to what they mean.
 */
export function violatedUniqueIndex(error: unknown): string | null {
  const { code, meta } = (error ?? {}) as { code?: unknown; meta?: { target?: unknown; driverAdapterError?: { cause?: { constraint?: { index?: unknown } } } } };
  if (code !== "P2002") return null;
  const index = meta?.driverAdapterError?.cause?.constraint?.index ?? meta?.target;
  return typeof index === "string" ? index : null;
}
