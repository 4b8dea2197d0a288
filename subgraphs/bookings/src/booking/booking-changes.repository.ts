import type { Role } from "@booking/common";
import { publishEvent, type JsonValue } from "@booking/events";
import type { BookingStatus, PriceUnit, ResourceType, BookingEventType } from "@booking/contracts";
import { Prisma } from "../generated/prisma/client.js";
import { bookingColumns, type BookingRow } from "./booking.repository.js";

/** The pool, or one transaction's connection. */
export type DbClient = Prisma.TransactionClient;

// Advisory-lock class of "one resource's bookings" (the key's second half is the resource id's hash).
const RESOURCE_LOCK_CLASS = 7270736;
// Advisory-lock class of "one customer's holds", taken after a resource's lock, never before one.
const CUSTOMER_LOCK_CLASS = 7270737;

export interface NewHold {
  bookingNumber: string;
  customerId: string;
  resourceId: string;
  businessId: string;
  businessOwnerId: string;
  startTime: Date;
  endTime: Date;
  quantity: number;
  units: number;
  resourceCapacity: number;
  snapshotBusinessName: string;
  snapshotResourceName: string;
  snapshotResourceType: ResourceType;
  /** exact decimal strings */
  unitPrice: string;
  total: string;
  currency: string;
  priceUnit: PriceUnit;
  timezone: string;
  contactName: string | null;
  contactEmail: string;
  contactPhone: string | null;
  notes: string | null;
  idempotencyKey: string;
  freeCancellationHours: number;
  /** the hold runs out this long after the transaction's start, by the database's clock */
  holdSeconds: number;
}

/** An outbox row to write: what changed, and who may hear of it. */
export interface BookingEventDraft {
  bookingId: string;
  type: BookingEventType;
  status: BookingStatus;
  businessId: string;
  customerId: string;
}

/** A booking as a state change needs it, read under its row lock. */
export interface LockedBooking {
  id: string;
  status: BookingStatus;
  customerId: string;
  businessId: string;
  businessOwnerId: string;
  startTime: Date;
  holdExpiresAt: Date | null;
}

export interface StatusChange {
  from: BookingStatus;
  to: BookingStatus;
  reason: string | null;
  event: BookingEventType;
  /** set cancelledAt (now), cancelReason and cancelledBy */
  cancellation?: { by: Role };
}

export interface Occupancy {
  resourceId: string;
  startTime: Date;
  endTime: Date;
  quantity: number;
}

// A booking takes units while it is CONFIRMED, or a HOLD whose time has not run out.
const LIVE = Prisma.sql`(b."status" = 'CONFIRMED' OR (b."status" = 'HOLD' AND b."hold_expires_at" > now()))`;

/**
 * SQL that changes bookings; no rules. Every change writes its history row in the same
 * statement; outbox rows are written last in their transaction (see the outbox trigger).
 */
export class BookingChangeRepository {
  constructor(private readonly db: DbClient) {}

  /** Serialises every booking of one resource until the transaction ends. */
  async lockResource(resourceId: string): Promise<void> {
    await this.db.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(${RESOURCE_LOCK_CLASS}::int, hashtext(${resourceId}))`;
  }

  /**
   * Serialises the making of one customer's holds until the transaction ends, so the holds limit
   * is counted and kept in one step. Taken after the resource's lock.
   */
  async lockCustomer(customerId: string): Promise<void> {
    await this.db.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(${CUSTOMER_LOCK_CLASS}::int, hashtext(${customerId}))`;
  }

  /**
   * The customer's lock if nobody holds it now (true), without waiting: a transaction that
   * already holds another customer's lock must never wait for one, or two could wait on each other.
   */
  async tryLockCustomer(customerId: string): Promise<boolean> {
    const [row] = await this.db.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(${CUSTOMER_LOCK_CLASS}::int, hashtext(${customerId})) AS "locked"`;
    return row?.locked ?? false;
  }

  /** The customer's live HOLDs: status HOLD and time not run out (what MAX_HOLDS_PER_CUSTOMER counts). */
  async liveHoldsOf(customerId: string): Promise<number> {
    const [row] = await this.db.$queryRaw<{ holds: number }[]>`
      SELECT count(*)::int AS "holds" FROM "bookings" b
      WHERE b."customer_id" = ${customerId}::uuid AND b."status" = 'HOLD' AND b."hold_expires_at" > now()`;
    return row?.holds ?? 0;
  }

  findByIdempotencyKey(customerId: string, idempotencyKey: string): Promise<BookingRow | null> {
    return this.db.booking.findUnique({ where: { customerId_idempotencyKey: { customerId, idempotencyKey } }, select: bookingColumns });
  }

  async bookingNumberTaken(bookingNumber: string): Promise<boolean> {
    return (await this.db.booking.count({ where: { bookingNumber } })) > 0;
  }

  /**
   * Flips the resource's HOLDs whose time ran out to EXPIRED (waiting for rows another
   * transaction holds), with their history; returns the events still to append.
   */
  async expireOverdueHoldsOf(resourceId: string): Promise<BookingEventDraft[]> {
    return this.db.$queryRaw<BookingEventDraft[]>`
      WITH due AS (
        SELECT b."id" FROM "bookings" b
        WHERE b."resource_id" = ${resourceId}::uuid AND b."status" = 'HOLD' AND b."hold_expires_at" <= now()
        ORDER BY b."id"
        FOR NO KEY UPDATE
      ), ${expireDue}
      SELECT e."id" AS "bookingId", 'EXPIRED' AS "type", 'EXPIRED' AS "status", e."business_id" AS "businessId", e."customer_id" AS "customerId"
      FROM expired e ORDER BY e."id"`;
  }

  /**
   * The expiry job's sweep: up to `limit` overdue HOLDs of resources with nobody waiting become
   * EXPIRED with their history and outbox rows, in one statement. Rows another instance is
   * expiring are skipped, not waited for.
   */
  async expireOverdueHolds(limit: number): Promise<number> {
    const [result] = await this.db.$queryRaw<{ expired: number }[]>`
      WITH due AS (
        SELECT b."id" FROM "bookings" b
        WHERE b."status" = 'HOLD' AND b."hold_expires_at" <= now()
          -- a resource with a line is expired under its lock, with its line served (WaitlistLine)
          AND NOT EXISTS (SELECT 1 FROM "waitlist_entries" w WHERE w."resource_id" = b."resource_id" AND w."status" = 'WAITING')
        ORDER BY b."hold_expires_at", b."id"
        LIMIT ${limit}
        FOR NO KEY UPDATE SKIP LOCKED
      ), ${expireDue},
      events AS (
        INSERT INTO "booking_outbox" ("booking_id", "event_type", "payload", "created_at")
        SELECT e."id", 'EXPIRED', ${eventPayload(Prisma.sql`'EXPIRED'`, Prisma.sql`e."business_id"`, Prisma.sql`e."customer_id"`)}, e."at"
        FROM expired e ORDER BY e."hold_expires_at", e."id"
        RETURNING 1
      )
      SELECT count(*)::int AS "expired" FROM events`;
    return result?.expired ?? 0;
  }

  /** Resources with overdue HOLDs and a line: each is expired and served in its own transaction. */
  async resourcesToServe(limit: number): Promise<string[]> {
    const rows = await this.db.$queryRaw<{ resourceId: string }[]>`
      SELECT DISTINCT b."resource_id" AS "resourceId" FROM "bookings" b
      WHERE b."status" = 'HOLD' AND b."hold_expires_at" <= now()
        AND EXISTS (SELECT 1 FROM "waitlist_entries" w WHERE w."resource_id" = b."resource_id" AND w."status" = 'WAITING')
      LIMIT ${limit}`;
    return rows.map((row) => row.resourceId);
  }

  /** When the next HOLD runs out, if any. */
  async nextHoldExpiry(): Promise<Date | null> {
    const next = await this.db.booking.findFirst({ where: { status: "HOLD" }, orderBy: { holdExpiresAt: "asc" }, select: { holdExpiresAt: true } });
    return next?.holdExpiresAt ?? null;
  }

  /**
   * The most units live bookings of the resource take at any one instant of [from, to) (the
   * SQL function `peak_units_in_use`, which the waitlist's line uses too).
   */
  async peakUnitsInUse(resourceId: string, from: Date, to: Date): Promise<number> {
    const [row] = await this.db.$queryRaw<{ peak: number }[]>`
      SELECT "peak_units_in_use"(${resourceId}::uuid, ${from.toISOString()}::timestamptz, ${to.toISOString()}::timestamptz) AS "peak"`;
    return row?.peak ?? 0;
  }

  /**
   * Inserts a HOLD and its first history row. Returns null, changing nothing, when the row
   * conflicts with a unique or exclusion constraint (booking number, idempotency key, overlap).
   */
  async insertHold(hold: NewHold): Promise<{ id: string } | null> {
    const [row] = await this.db.$queryRaw<{ id: string }[]>`
      WITH inserted AS (
        INSERT INTO "bookings" (
          "booking_number", "customer_id", "resource_id", "business_id", "business_owner_id", "status",
          "start_time", "end_time", "quantity", "units", "resource_capacity",
          "snapshot_business_name", "snapshot_resource_name", "snapshot_resource_type",
          "unit_price", "currency", "price_unit", "timezone", "total",
          "contact_name", "contact_email", "contact_phone", "notes", "hold_expires_at", "idempotency_key", "free_cancellation_hours"
        ) VALUES (
          ${hold.bookingNumber}, ${hold.customerId}::uuid, ${hold.resourceId}::uuid, ${hold.businessId}::uuid, ${hold.businessOwnerId}::uuid, 'HOLD',
          ${hold.startTime.toISOString()}::timestamptz, ${hold.endTime.toISOString()}::timestamptz, ${hold.quantity}::int, ${hold.units}::int, ${hold.resourceCapacity}::int,
          ${hold.snapshotBusinessName}, ${hold.snapshotResourceName}, ${hold.snapshotResourceType}::"ResourceType",
          ${hold.unitPrice}::numeric, ${hold.currency}, ${hold.priceUnit}::"PriceUnit", ${hold.timezone}, ${hold.total}::numeric,
          ${hold.contactName}, ${hold.contactEmail}, ${hold.contactPhone}, ${hold.notes},
          now() + make_interval(secs => ${hold.holdSeconds}::int), ${hold.idempotencyKey}, ${hold.freeCancellationHours}::int
        )
        ON CONFLICT DO NOTHING
        RETURNING "id", "created_at"
      ), history AS (
        INSERT INTO "booking_status_changes" ("booking_id", "from_status", "to_status", "at")
        SELECT "id", NULL, 'HOLD', "created_at" FROM inserted
      )
      SELECT "id" FROM inserted`;
    return row ?? null;
  }

  /** The booking under a row lock until the transaction ends; null when there is none. */
  async lockBooking(id: string): Promise<LockedBooking | null> {
    const [row] = await this.db.$queryRaw<LockedBooking[]>`
      SELECT b."id", b."status"::text AS "status", b."customer_id" AS "customerId", b."business_id" AS "businessId",
             b."business_owner_id" AS "businessOwnerId", b."start_time" AS "startTime", b."hold_expires_at" AS "holdExpiresAt"
      FROM "bookings" b WHERE b."id" = ${id}::uuid
      FOR NO KEY UPDATE`;
    return row ?? null;
  }

  /** The database's clock now (not the transaction's start): what decides whether a hold still runs. */
  async databaseNow(): Promise<Date> {
    const [row] = await this.db.$queryRaw<{ now: Date }[]>`SELECT clock_timestamp() AS "now"`;
    return row!.now;
  }

  findBooking(id: string): Promise<BookingRow | null> {
    return this.db.booking.findUnique({ where: { id }, select: bookingColumns });
  }

  /** Writes an event for other services to the backbone's outbox: published when this transaction commits. */
  async publish(type: string, payload: JsonValue): Promise<void> {
    await publishEvent(this.db, { type, source: "bookings", payload });
  }

  /**
   * Moves a booking (locked by `lockBooking`) from one status to another, with its history
   * row and its outbox row, in one statement; returns when it happened (null when the booking
   * was not in `from`, or is a HOLD whose time has run out by the very clock reading that
   * stamps the change: an expired hold never becomes anything but EXPIRED, however close the race).
   */
  async changeStatus(booking: LockedBooking, change: StatusChange): Promise<Date | null> {
    const cancelling = change.cancellation !== undefined;
    // Stamped by the clock, not the transaction's start: the row lock may have been a wait.
    const [changed] = await this.db.$queryRaw<{ at: Date }[]>`
      WITH changed AS (
        UPDATE "bookings" b SET
          "status" = ${change.to}::"BookingStatus",
          "updated_at" = stamp."at",
          "cancelled_at" = CASE WHEN ${cancelling} THEN stamp."at" ELSE b."cancelled_at" END,
          "cancel_reason" = CASE WHEN ${cancelling} THEN ${change.reason} ELSE b."cancel_reason" END,
          "cancelled_by" = CASE WHEN ${cancelling} THEN ${change.cancellation?.by ?? null}::"Role" ELSE b."cancelled_by" END
        FROM (SELECT clock_timestamp() AS "at") stamp
        WHERE b."id" = ${booking.id}::uuid AND b."status" = ${change.from}::"BookingStatus"
          AND NOT (b."status" = 'HOLD' AND b."hold_expires_at" <= stamp."at")
        RETURNING b."id", b."business_id", b."customer_id", stamp."at"
      ), history AS (
        INSERT INTO "booking_status_changes" ("booking_id", "from_status", "to_status", "reason", "at")
        SELECT "id", ${change.from}::"BookingStatus", ${change.to}::"BookingStatus", ${change.reason}, "at" FROM changed
      )
      INSERT INTO "booking_outbox" ("booking_id", "event_type", "payload", "created_at")
      SELECT c."id", ${change.event}::"BookingEventType", ${eventPayload(Prisma.sql`${change.to}`, Prisma.sql`c."business_id"`, Prisma.sql`c."customer_id"`)}, c."at"
      FROM changed c
      RETURNING "created_at" AS "at"`;
    return changed?.at ?? null;
  }

  /** Appends events to the outbox in the given order: the transaction's last statement. */
  async appendEvents(events: readonly BookingEventDraft[]): Promise<void> {
    if (events.length === 0) return;
    await this.db.$executeRaw`
      INSERT INTO "booking_outbox" ("booking_id", "event_type", "payload")
      SELECT e."booking_id", e."event_type"::"BookingEventType", ${eventPayload(Prisma.sql`e."status"`, Prisma.sql`e."business_id"`, Prisma.sql`e."customer_id"`)}
      FROM unnest(
        ${events.map((event) => event.bookingId)}::uuid[], ${events.map((event) => event.type)}::text[], ${events.map((event) => event.status)}::text[],
        ${events.map((event) => event.businessId)}::uuid[], ${events.map((event) => event.customerId)}::uuid[]
      ) WITH ORDINALITY AS e("booking_id", "event_type", "status", "business_id", "customer_id", "position")
      ORDER BY e."position"`;
  }

  /**
   * The units live bookings of many resources take where they meet [from, to): one row per
   * resource and distinct range, its bookings' quantities summed in the database. A busy
   * resource's bookings share their ranges (slots, hours, nights), so the answer is a few
   * hundred rows where there are thousands of bookings (10,000 bookings over 31 days: 744 rows).
   */
  occupanciesOf(resourceIds: readonly string[], from: Date, to: Date): Promise<Occupancy[]> {
    if (resourceIds.length === 0) return Promise.resolve([]);
    return this.db.$queryRaw<Occupancy[]>`
      SELECT b."resource_id" AS "resourceId", b."start_time" AS "startTime", b."end_time" AS "endTime", sum(b."quantity")::int AS "quantity"
      FROM "bookings" b
      WHERE b."resource_id" = ANY(${[...resourceIds]}::uuid[])
        AND tstzrange(b."start_time", b."end_time") && tstzrange(${from.toISOString()}::timestamptz, ${to.toISOString()}::timestamptz)
        AND ${LIVE}
      GROUP BY b."resource_id", b."start_time", b."end_time"`;
  }
}

// The UPDATE and history half of an expiry, after a `due` CTE of locked booking ids.
const expireDue = Prisma.sql`
  expired AS (
    UPDATE "bookings" b SET "status" = 'EXPIRED', "updated_at" = clock_timestamp()
    FROM due WHERE b."id" = due."id"
    RETURNING b."id", b."business_id", b."customer_id", b."hold_expires_at", b."updated_at" AS "at"
  ), expired_history AS (
    INSERT INTO "booking_status_changes" ("booking_id", "from_status", "to_status", "reason", "at")
    SELECT "id", 'HOLD', 'EXPIRED', 'The hold ran out before payment or confirmation', "at" FROM expired
  )`;

/** What an outbox row keeps besides its booking and type: enough to route it without a join. */
function eventPayload(status: Prisma.Sql, businessId: Prisma.Sql, customerId: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`jsonb_build_object('status', ${status}::text, 'businessId', ${businessId}, 'customerId', ${customerId})`;
}
