import { PrismaPg } from "@prisma/adapter-pg";

export interface DatabaseOptions {
  /** Called once per SQL statement: tests count them to prove lists cost O(1) queries. */
  onQuery?: (sql: string) => void;
  /** Connections in this process's pool. */
  poolSize?: number;
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
  const adapter = new PrismaPg({ connectionString: withUtcSessions(databaseUrl), max: options.poolSize ?? 10 });
  const client = new PrismaClient({ adapter, log: options.onQuery ? [{ emit: "event", level: "query" }] : undefined });
  if (options.onQuery) {
    const onQuery = options.onQuery;
    (client as unknown as PrismaClientLike).$on("query", (event) => onQuery(event.query));
  }
  return client;
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
