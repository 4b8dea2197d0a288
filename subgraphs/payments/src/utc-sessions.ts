/**
 * Workaround until @booking/common's createPrismaClient does it: @prisma/adapter-pg writes
 * timestamptz values without an offset, so PostgreSQL reads them in the session's TimeZone
 * and stores shifted instants unless that is UTC (prisma/orm#26786). Typed reads hide it by
 * making the mirror mistake; raw SQL and every other client see the shift.
 */
export function withUtcSessions(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  const options = url.searchParams.get("options");
  url.searchParams.set("options", [options, "-c TimeZone=UTC"].filter(Boolean).join(" "));
  return url.toString();
}
