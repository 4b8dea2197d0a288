import type { WaitlistStatus } from "@booking/contracts";
import type { DbClient } from "../booking/booking-changes.repository.js";
import type { Prisma } from "../generated/prisma/client.js";

export const waitlistColumns = {
  id: true,
  customerId: true,
  resourceId: true,
  startTime: true,
  endTime: true,
  quantity: true,
  status: true,
  bookingId: true,
  idempotencyKey: true,
  contactName: true,
  contactEmail: true,
  contactPhone: true,
  createdAt: true,
} satisfies Prisma.WaitlistEntrySelect;

export type WaitlistRow = Prisma.WaitlistEntryGetPayload<{ select: typeof waitlistColumns }>;

export interface NewWaitlistEntry {
  id: string;
  customerId: string;
  resourceId: string;
  startTime: Date;
  endTime: Date;
  quantity: number;
  idempotencyKey: string;
  contactName: string | null;
  contactEmail: string;
  contactPhone: string | null;
}

/** SQL over waitlist entries; no rules. Changes to a resource's line run under the resource's lock. */
export class WaitlistRepository {
  constructor(private readonly db: DbClient) {}

  findByIdempotencyKey(customerId: string, idempotencyKey: string): Promise<WaitlistRow | null> {
    return this.db.waitlistEntry.findUnique({ where: { customerId_idempotencyKey: { customerId, idempotencyKey } }, select: waitlistColumns });
  }

  findByIds(ids: readonly string[]): Promise<WaitlistRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db.waitlistEntry.findMany({ where: { id: { in: [...ids] } }, select: waitlistColumns });
  }

  /** A customer's entries, newest first. */
  ofCustomer(customerId: string, status: WaitlistStatus | null): Promise<WaitlistRow[]> {
    return this.db.waitlistEntry.findMany({
      where: { customerId, ...(status ? { status } : {}) },
      orderBy: [{ createdAt: "desc" }, { linePosition: "desc" }],
      select: waitlistColumns,
    });
  }

  /** Joins the end of the line: WAITING, its place drawn now (callers hold the resource's lock). */
  insertWaiting(entry: NewWaitlistEntry): Promise<WaitlistRow> {
    return this.db.waitlistEntry.create({ data: { ...entry, status: "WAITING" }, select: waitlistColumns });
  }

  /** WAITING -> OFFERED with its HOLD; false when the entry was not WAITING any more. */
  async markOffered(id: string, bookingId: string): Promise<boolean> {
    const { count } = await this.db.waitlistEntry.updateMany({ where: { id, status: "WAITING" }, data: { status: "OFFERED", bookingId, updatedAt: new Date() } });
    return count === 1;
  }

  /** WAITING -> CANCELLED (leaving the line); false when it was not WAITING. */
  async cancelWaiting(id: string): Promise<boolean> {
    const { count } = await this.db.waitlistEntry.updateMany({ where: { id, status: "WAITING" }, data: { status: "CANCELLED", updatedAt: new Date() } });
    return count === 1;
  }

  /** WAITING entries whose range has started become EXPIRED; returns how many. */
  async expireStartedEntries(): Promise<number> {
    return this.db.$executeRaw`
      UPDATE "waitlist_entries" SET "status" = 'EXPIRED', "updated_at" = clock_timestamp()
      WHERE "status" = 'WAITING' AND "start_time" <= now()`;
  }

  /** Whether anybody waits for a range of the resource still ahead. */
  async anyWaiting(resourceId: string): Promise<boolean> {
    const [row] = await this.db.$queryRaw<{ waiting: boolean }[]>`
      SELECT EXISTS (SELECT 1 FROM "waitlist_entries" w WHERE w."resource_id" = ${resourceId}::uuid AND w."status" = 'WAITING' AND w."start_time" > now()) AS "waiting"`;
    return row?.waiting ?? false;
  }

  /**
   * The first WAITING entry of the line (join order) whose range fits now: started ranges, entries
   * in `passedOver`, quantities above `capacity` and ranges meeting a block (resource_blocks) are left out; the
   * rest must fit beside the live bookings at every instant (`peak_units_in_use`). The row is
   * locked until the transaction ends.
   */
  async firstFitting(resourceId: string, capacity: number, passedOver: readonly string[]): Promise<WaitlistRow | null> {
    const [row] = await this.db.$queryRaw<WaitlistRow[]>`
      SELECT w."id", w."customer_id" AS "customerId", w."resource_id" AS "resourceId", w."start_time" AS "startTime", w."end_time" AS "endTime",
             w."quantity", w."status"::text AS "status", w."booking_id" AS "bookingId", w."idempotency_key" AS "idempotencyKey",
             w."contact_name" AS "contactName", w."contact_email" AS "contactEmail", w."contact_phone" AS "contactPhone", w."created_at" AS "createdAt"
      FROM "waitlist_entries" w
      WHERE w."resource_id" = ${resourceId}::uuid AND w."status" = 'WAITING' AND w."start_time" > now()
        AND w."quantity" <= ${capacity}::int
        AND NOT (w."id" = ANY(${[...passedOver]}::uuid[]))
        AND NOT EXISTS (
          SELECT 1 FROM "resource_blocks" b
          WHERE b."resource_id" = w."resource_id" AND tstzrange(b."start_time", b."end_time") && tstzrange(w."start_time", w."end_time")
        )
        AND "peak_units_in_use"(w."resource_id", w."start_time", w."end_time") + w."quantity" <= ${capacity}::int
      ORDER BY w."line_position"
      LIMIT 1
      FOR NO KEY UPDATE OF w`;
    return row ?? null;
  }

  /** Each WAITING entry's place among its resource's WAITING entries (1 = served next). */
  async positionsOf(ids: readonly string[]): Promise<{ id: string; position: number }[]> {
    if (ids.length === 0) return [];
    return this.db.$queryRaw<{ id: string; position: number }[]>`
      SELECT w."id", (
        SELECT count(*)::int FROM "waitlist_entries" o
        WHERE o."resource_id" = w."resource_id" AND o."status" = 'WAITING' AND o."line_position" <= w."line_position"
      ) AS "position"
      FROM "waitlist_entries" w
      WHERE w."id" = ANY(${[...ids]}::uuid[]) AND w."status" = 'WAITING'`;
  }
}
