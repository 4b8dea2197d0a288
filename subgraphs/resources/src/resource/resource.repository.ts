import { KEYSET_ORDER, afterCursorWhere, likePattern, type PageRequest } from "@booking/common";
import { type BusinessType, type ResourceStatus, type ResourceType } from "@booking/contracts";
import type { Decimal } from "decimal.js";
import { Prisma } from "../generated/prisma/client.js";
import type { Visibility } from "../visibility.js";
import type { ResourceFields } from "./resource.input.js";

/** The client repositories run on: the pool, or one transaction's connection (see repositories.ts). */
export type DbClient = Prisma.TransactionClient;

export interface NewResource extends ResourceFields {
  businessId: string;
  type: ResourceType;
  status: ResourceStatus;
}

/** What a change may write; an absent (undefined) field stays as it is. */
export type ResourceChanges = Partial<ResourceFields & { status: ResourceStatus }>;

/** A missing or null field does not filter (GraphQL clients may send explicit nulls). */
export interface ResourceListFilter {
  businessId?: string | null;
  type?: ResourceType | null;
  businessType?: BusinessType | null;
  city?: string | null;
  minPrice?: Decimal | null;
  maxPrice?: Decimal | null;
  search?: string | null;
}

export interface BusinessResourcesRequest {
  page: PageRequest;
  type?: ResourceType;
}

export interface ResourcePage {
  rows: ResourceRow[];
  totalCount: number;
}

const resourceColumns = {
  id: true,
  businessId: true,
  categoryId: true,
  name: true,
  type: true,
  description: true,
  metadata: true,
  price: true,
  currency: true,
  priceUnit: true,
  capacity: true,
  slotMinutes: true,
  openingHours: true,
  freeCancellationHours: true,
  status: true,
  createdAt: true,
} satisfies Prisma.ResourceSelect;

export type ResourceRow = Prisma.ResourceGetPayload<{ select: typeof resourceColumns }>;

/** The same columns for raw SQL, aliased to the Prisma field names. */
const RESOURCE_COLUMNS_SQL = Prisma.raw(
  `r.id, r.business_id AS "businessId", r.category_id AS "categoryId", r.name, r.type::text AS type, r.description, r.metadata,
   r.price, r.currency, r.price_unit::text AS "priceUnit", r.capacity, r.slot_minutes AS "slotMinutes",
   r.opening_hours AS "openingHours", r.free_cancellation_hours AS "freeCancellationHours", r.status::text AS status,
   r.created_at AS "createdAt"`,
);

const withBusinessColumns = { ...resourceColumns, business: { select: { id: true, ownerId: true, name: true, status: true, timezone: true } } } satisfies Prisma.ResourceSelect;

/** SQL for resources; no rules (what is visible arrives as a `Visibility`). */
export class ResourceRepository {
  constructor(private readonly db: DbClient) {}

  /** A resource with its business's replicated facts, whatever either's status. */
  findWithBusiness(id: string) {
    return this.db.resource.findUnique({ where: { id }, select: withBusinessColumns });
  }

  /** Many resources with their businesses, in one query (unknown ids are left out). */
  findManyWithBusiness(ids: readonly string[]) {
    return this.db.resource.findMany({ where: { id: { in: [...ids] } }, select: withBusinessColumns });
  }

  /** A resource whatever its status and visibility: writes decide who may touch it. */
  findAny(id: string): Promise<ResourceRow | null> {
    return this.db.resource.findUnique({ where: { id }, select: resourceColumns });
  }

  insert(resource: NewResource): Promise<ResourceRow> {
    return this.db.resource.create({ data: { ...resource, ...columnsOf(resource), price: resource.price.toFixed(2) }, select: resourceColumns });
  }

  /** The resource, locked for the rest of the transaction; null when there is none. */
  async lock(id: string): Promise<ResourceRow | null> {
    const locked = await this.db.$queryRaw<{ id: string }[]>`SELECT id FROM resources WHERE id = ${id}::uuid FOR UPDATE`;
    if (locked.length === 0) return null;
    return this.db.resource.findUniqueOrThrow({ where: { id }, select: resourceColumns });
  }

  update(id: string, changes: ResourceChanges): Promise<ResourceRow> {
    return this.db.resource.update({ where: { id }, data: { ...changes, ...columnsOf(changes) }, select: resourceColumns });
  }

  findByIds(ids: readonly string[], visibility: Visibility): Promise<ResourceRow[]> {
    return this.db.resource.findMany({ where: { AND: [{ id: { in: [...ids] } }, visibleWhere(visibility)] }, select: resourceColumns });
  }

  async list(filter: ResourceListFilter, page: PageRequest, visibility: Visibility): Promise<ResourcePage> {
    const where: Prisma.ResourceWhereInput = { AND: [listWhere(filter), visibleWhere(visibility)] };
    const [rows, totalCount] = await Promise.all([
      this.db.resource.findMany({
        where: { AND: [where, afterCursorWhere(page.after)] },
        orderBy: KEYSET_ORDER,
        take: page.first + 1,
        select: resourceColumns,
      }),
      this.db.resource.count({ where }),
    ]);
    return { rows, totalCount };
  }

  /**
   * One page (up to `first + 1` rows after the cursor) of each business's resources and the
   * count of its whole list, for many businesses in one statement. Each business also sends
   * its first row, so a business whose rows all lie before the cursor still reports its count.
   */
  async pagesOfBusinesses(businessIds: string[], request: BusinessResourcesRequest, visibility: Visibility): Promise<Map<string, ResourcePage>> {
    const { page, type } = request;
    const afterCursor = page.after
      ? Prisma.sql`(r.created_at, r.id) > (${page.after.createdAt}::timestamptz, ${page.after.id}::uuid)`
      : Prisma.sql`TRUE`;
    const rows = await this.db.$queryRaw<(ResourceRow & { totalCount: bigint; inPage: boolean })[]>`
      SELECT ranked.* FROM (
        SELECT ${RESOURCE_COLUMNS_SQL},
          count(*) OVER (PARTITION BY r.business_id) AS "totalCount",
          row_number() OVER (PARTITION BY r.business_id ORDER BY r.created_at, r.id) AS ordinal,
          row_number() OVER (PARTITION BY r.business_id, ${afterCursor} ORDER BY r.created_at, r.id) AS position,
          ${afterCursor} AS "inPage"
        FROM resources r
        JOIN businesses b ON b.id = r.business_id
        WHERE r.business_id = ANY(${businessIds}::uuid[])
          AND ${type ? Prisma.sql`r.type = ${type}::"ResourceType"` : Prisma.sql`TRUE`}
          AND ${visibleSql(visibility)}
      ) ranked
      WHERE (ranked."inPage" AND ranked.position <= ${page.first + 1}) OR ranked.ordinal = 1
      ORDER BY ranked."businessId", ranked."createdAt", ranked.id`;
    const pages = new Map<string, ResourcePage>(businessIds.map((id) => [id, { rows: [], totalCount: 0 }]));
    for (const { totalCount, inPage, ...row } of rows) {
      const businessPage = pages.get(row.businessId)!;
      businessPage.totalCount = Number(totalCount);
      if (inPage) businessPage.rows.push(resourceRowFromSql(row));
    }
    return pages;
  }
}

/** A raw row with exactly the columns (and Decimal price) Prisma's own queries return. */
function resourceRowFromSql(row: ResourceRow & { ordinal?: unknown; position?: unknown }): ResourceRow {
  const { ordinal: _ordinal, position: _position, ...columns } = row;
  return { ...columns, price: new Prisma.Decimal(columns.price.toString()) };
}

// The two forms of one condition: "visible to this viewer" for Prisma and for raw SQL (r: resources, b: businesses).

/** The fields whose column types differ from the domain's: JSON and a fixed-point price. */
function columnsOf(fields: Partial<ResourceFields>) {
  return {
    metadata: fields.metadata as Prisma.InputJsonObject | undefined,
    openingHours: fields.openingHours as unknown as Prisma.InputJsonArray | undefined,
    price: fields.price?.toFixed(2),
  };
}

function visibleWhere(visibility: Visibility): Prisma.ResourceWhereInput {
  if (visibility.everything) return {};
  return {
    OR: [
      { status: visibility.publicResourceStatus, business: { status: visibility.publicBusinessStatus } },
      ...(visibility.ownerId ? [{ business: { ownerId: visibility.ownerId } }] : []),
    ],
  };
}

function visibleSql(visibility: Visibility): Prisma.Sql {
  if (visibility.everything) return Prisma.sql`TRUE`;
  const publicly = Prisma.sql`(r.status = ${visibility.publicResourceStatus}::"ResourceStatus" AND b.status = ${visibility.publicBusinessStatus}::"BusinessStatus")`;
  return visibility.ownerId ? Prisma.sql`(${publicly} OR b.owner_id = ${visibility.ownerId}::uuid)` : publicly;
}

function listWhere(filter: ResourceListFilter): Prisma.ResourceWhereInput {
  const city = likePattern(filter.city);
  const search = likePattern(filter.search);
  return {
    businessId: filter.businessId ?? undefined,
    type: filter.type ?? undefined,
    price: filter.minPrice || filter.maxPrice ? { gte: filter.minPrice?.toFixed(), lte: filter.maxPrice?.toFixed() } : undefined,
    business:
      filter.businessType || city
        ? { type: filter.businessType ?? undefined, city: city ? { equals: city, mode: "insensitive" } : undefined }
        : undefined,
    ...(search
      ? {
          OR: [
            { name: { contains: search, mode: "insensitive" } },
            { description: { contains: search, mode: "insensitive" } },
            { business: { name: { contains: search, mode: "insensitive" } } },
          ],
        }
      : {}),
  };
}
