import type { BookingEventMessage } from "@booking/contracts";
import type { DbClient } from "../booking/booking-changes.repository.js";

/** Reads the outbox in id order (ids follow commit order, see the outbox trigger) and prunes it; no rules. */
export class BookingOutboxRepository {
  constructor(private readonly db: DbClient) {}

  async latestId(): Promise<bigint> {
    const [row] = await this.db.$queryRaw<{ id: bigint }[]>`SELECT coalesce(max("id"), 0)::bigint AS "id" FROM "booking_outbox"`;
    return row?.id ?? 0n;
  }

  /**
   * Deletes up to `limit` rows written before `before`, none after the outbox id `through` (when
   * given); returns how many went. Ids come from a sequence, so pruned ids are never reused.
   */
  async deleteOlderThan(before: Date, through: bigint | null, limit: number): Promise<number> {
    return this.db.$executeRaw`
      DELETE FROM "booking_outbox" WHERE "id" IN (
        SELECT o."id" FROM "booking_outbox" o
        WHERE o."created_at" < ${before.toISOString()}::timestamptz AND (${through}::bigint IS NULL OR o."id" <= ${through}::bigint)
        ORDER BY o."id" LIMIT ${limit}
      )`;
  }

  async eventsAfter(after: bigint, limit: number): Promise<BookingEventMessage[]> {
    const rows = await this.db.$queryRaw<{ id: bigint; type: BookingEventMessage["type"]; bookingId: string; businessId: string; customerId: string; at: Date }[]>`
      SELECT o."id", o."event_type"::text AS "type", o."booking_id" AS "bookingId", b."business_id" AS "businessId",
             b."customer_id" AS "customerId", o."created_at" AS "at"
      FROM "booking_outbox" o JOIN "bookings" b ON b."id" = o."booking_id"
      WHERE o."id" > ${after}::bigint
      ORDER BY o."id"
      LIMIT ${limit}`;
    return rows.map((row) => ({ ...row, id: row.id.toString(), at: row.at.toISOString() }));
  }

  /** Bookings created in the outbox ids (after, upTo], by resource type (the CREATED events; ids follow commit order). */
  async createdBetween(after: bigint, upTo: bigint): Promise<{ resourceType: string; count: number }[]> {
    return this.db.$queryRaw<{ resourceType: string; count: number }[]>`
      SELECT b."snapshot_resource_type"::text AS "resourceType", count(*)::int AS "count"
      FROM "booking_outbox" o JOIN "bookings" b ON b."id" = o."booking_id"
      WHERE o."id" > ${after}::bigint AND o."id" <= ${upTo}::bigint AND o."event_type" = 'CREATED'
      GROUP BY b."snapshot_resource_type"`;
  }

  /** Seconds since the oldest event after outbox id `after` was written; 0 when there is none. */
  async ageOfOldestAfter(after: bigint): Promise<number> {
    const [row] = await this.db.$queryRaw<{ age: number }[]>`
      SELECT greatest(0, coalesce(extract(epoch FROM now() - min("created_at")), 0))::float8 AS "age"
      FROM "booking_outbox" WHERE "id" > ${after}::bigint`;
    return row?.age ?? 0;
  }
}
