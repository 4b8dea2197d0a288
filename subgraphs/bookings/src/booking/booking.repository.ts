import type { PageRequest } from "@booking/common";
import type { BookingStatus } from "@booking/contracts";
import { Prisma } from "../generated/prisma/client.js";
import type { DbClient } from "./booking-changes.repository.js";

export const bookingColumns = {
  id: true,
  bookingNumber: true,
  customerId: true,
  resourceId: true,
  businessId: true,
  businessOwnerId: true,
  status: true,
  startTime: true,
  endTime: true,
  quantity: true,
  units: true,
  snapshotBusinessName: true,
  snapshotResourceName: true,
  snapshotResourceType: true,
  unitPrice: true,
  currency: true,
  priceUnit: true,
  timezone: true,
  total: true,
  contactName: true,
  contactEmail: true,
  contactPhone: true,
  notes: true,
  holdExpiresAt: true,
  cancelledAt: true,
  cancelReason: true,
  cancelledBy: true,
  freeCancellationHours: true,
  createdAt: true,
} satisfies Prisma.BookingSelect;

export type BookingRow = Prisma.BookingGetPayload<{ select: typeof bookingColumns }>;

// The same columns for raw SQL, named as Prisma names them, so raw rows are BookingRows too.
const bookingColumnNames: Record<keyof BookingRow, string> = {
  id: "id",
  bookingNumber: "booking_number",
  customerId: "customer_id",
  resourceId: "resource_id",
  businessId: "business_id",
  businessOwnerId: "business_owner_id",
  status: "status",
  startTime: "start_time",
  endTime: "end_time",
  quantity: "quantity",
  units: "units",
  snapshotBusinessName: "snapshot_business_name",
  snapshotResourceName: "snapshot_resource_name",
  snapshotResourceType: "snapshot_resource_type",
  unitPrice: "unit_price",
  currency: "currency",
  priceUnit: "price_unit",
  timezone: "timezone",
  total: "total",
  contactName: "contact_name",
  contactEmail: "contact_email",
  contactPhone: "contact_phone",
  notes: "notes",
  holdExpiresAt: "hold_expires_at",
  cancelledAt: "cancelled_at",
  cancelReason: "cancel_reason",
  cancelledBy: "cancelled_by",
  freeCancellationHours: "free_cancellation_hours",
  createdAt: "created_at",
};

const bookingSqlColumns = Prisma.raw(
  Object.entries(bookingColumnNames)
    .map(([field, column]) => `b."${column}" AS "${field}"`)
    .join(", "),
);

const statusChangeColumns = {
  id: true,
  bookingId: true,
  fromStatus: true,
  toStatus: true,
  at: true,
  reason: true,
} satisfies Prisma.BookingStatusChangeSelect;

export type BookingStatusChangeRow = Prisma.BookingStatusChangeGetPayload<{ select: typeof statusChangeColumns }>;

/** The columns a booking list can hang under. */
export type BookingParent = "customer" | "business" | "resource";

const parentColumns: Record<BookingParent, Prisma.Sql> = {
  customer: Prisma.raw(`"customer_id"`),
  business: Prisma.raw(`"business_id"`),
  resource: Prisma.raw(`"resource_id"`),
};

export interface BookingListFilter {
  status?: BookingStatus | null;
  /** bookings that end after this instant */
  from?: Date | null;
  /** bookings that start before this instant */
  to?: Date | null;
}

export interface BookingPage {
  /** up to `first + 1` rows after the cursor, in keyset order */
  rows: BookingRow[];
  /** the whole filtered list, whatever the cursor */
  totalCount: number;
}

type RankedBookingRow = BookingRow & { parentId: string; totalCount: number; skipped: number; position: number };

/** SQL for bookings; no rules. */
export class BookingRepository {
  constructor(private readonly db: DbClient) {}

  findByIds(ids: readonly string[]): Promise<BookingRow[]> {
    return this.db.booking.findMany({ where: { id: { in: [...ids] } }, select: bookingColumns });
  }

  statusChangesOf(bookingIds: readonly string[]): Promise<BookingStatusChangeRow[]> {
    return this.db.bookingStatusChange.findMany({
      where: { bookingId: { in: [...bookingIds] } },
      orderBy: [{ at: "asc" }, { position: "asc" }],
      select: statusChangeColumns,
    });
  }

  /**
   * One page of bookings under each of many parents, in one query: rows are numbered per
   * parent in (created_at, id) order, `skipped` counts those up to the cursor, and each
   * parent's first row always comes back so that its total survives a page past the end.
   */
  async pagesByParent(parent: BookingParent, parentIds: readonly string[], filter: BookingListFilter, page: PageRequest): Promise<Map<string, BookingPage>> {
    const pages = new Map<string, BookingPage>();
    if (parentIds.length === 0) return pages;
    const column = parentColumns[parent];
    const conditions = [Prisma.sql`b.${column} = ANY(${[...parentIds]}::uuid[])`];
    if (filter.status) conditions.push(Prisma.sql`b."status" = ${filter.status}::"BookingStatus"`);
    if (filter.from) conditions.push(Prisma.sql`b."end_time" > ${filter.from.toISOString()}::timestamptz`);
    if (filter.to) conditions.push(Prisma.sql`b."start_time" < ${filter.to.toISOString()}::timestamptz`);
    const upToCursor = page.after
      ? Prisma.sql`(b."created_at", b."id") <= (${page.after.createdAt.toISOString()}::timestamptz, ${page.after.id}::uuid)`
      : Prisma.sql`false`;

    const ranked = await this.db.$queryRaw<RankedBookingRow[]>`
      SELECT ranked.* FROM (
        SELECT ${bookingSqlColumns},
               b.${column} AS "parentId",
               (count(*) OVER parent)::int AS "totalCount",
               (count(*) FILTER (WHERE ${upToCursor}) OVER parent)::int AS "skipped",
               (row_number() OVER (parent ORDER BY b."created_at", b."id"))::int AS "position"
        FROM "bookings" b
        WHERE ${Prisma.join(conditions, " AND ")}
        WINDOW parent AS (PARTITION BY b.${column})
      ) ranked
      WHERE ranked."position" = 1 OR ranked."position" - ranked."skipped" BETWEEN 1 AND ${page.first + 1}
      ORDER BY ranked."parentId", ranked."position"`;

    for (const { parentId, totalCount, skipped, position, ...row } of ranked) {
      const current = pages.get(parentId) ?? { rows: [], totalCount };
      if (position > skipped) current.rows.push(row);
      pages.set(parentId, current);
    }
    return pages;
  }

  /** The owner recorded on each parent's latest booking; parents without bookings are absent. */
  latestOwners(parent: Exclude<BookingParent, "customer">, parentIds: readonly string[]): Promise<{ parentId: string; ownerId: string }[]> {
    if (parentIds.length === 0) return Promise.resolve([]);
    const column = parentColumns[parent];
    return this.db.$queryRaw<{ parentId: string; ownerId: string }[]>`
      SELECT DISTINCT ON (b.${column}) b.${column} AS "parentId", b."business_owner_id" AS "ownerId"
      FROM "bookings" b
      WHERE b.${column} = ANY(${[...parentIds]}::uuid[])
      ORDER BY b.${column}, b."created_at" DESC, b."id" DESC`;
  }
}
