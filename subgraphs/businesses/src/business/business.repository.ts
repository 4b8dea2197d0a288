import { KEYSET_ORDER, afterCursorWhere, likePattern, type PageRequest } from "@booking/common";
import type { BusinessType, BusinessStatus } from "@booking/contracts";
import type { Prisma, PrismaClient } from "../generated/prisma/client.js";

/** A missing or null field does not filter (GraphQL clients may send explicit nulls). */
export interface BusinessListFilter {
  type?: BusinessType | null;
  /** only these statuses; an empty list matches nothing */
  statuses?: readonly BusinessStatus[];
  city?: string | null;
  search?: string | null;
}

const businessColumns = {
  id: true,
  ownerId: true,
  name: true,
  description: true,
  type: true,
  address: true,
  city: true,
  phone: true,
  email: true,
  timezone: true,
  status: true,
  isVerified: true,
  createdAt: true,
} satisfies Prisma.BusinessSelect;

export type BusinessRow = Prisma.BusinessGetPayload<{ select: typeof businessColumns }>;

/** SQL for businesses; no rules. */
export class BusinessRepository {
  constructor(private readonly db: PrismaClient) {}

  findByIds(ids: readonly string[]): Promise<BusinessRow[]> {
    return this.db.business.findMany({ where: { id: { in: [...ids] } }, select: businessColumns });
  }

  findByOwnerIds(ownerIds: readonly string[]): Promise<BusinessRow[]> {
    return this.db.business.findMany({ where: { ownerId: { in: [...ownerIds] } }, select: businessColumns });
  }

  /** Inserts a business; a second business of the same owner fails on the unique index (P2002). */
  create(data: Prisma.BusinessUncheckedCreateInput): Promise<BusinessRow> {
    return this.db.business.create({ data, select: businessColumns });
  }

  /**
   * Locks one business for the length of a transaction and writes what `decide` answers for
   * it (nothing when it answers null); `decide` may throw to leave everything as it was.
   * Null when there is no such business.
   */
  change(id: string, decide: (row: BusinessRow) => Prisma.BusinessUpdateInput | null): Promise<BusinessRow | null> {
    return this.db.$transaction(async (tx) => {
      const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM businesses WHERE id = ${id}::uuid FOR UPDATE`;
      if (locked.length === 0) return null;
      const row = await tx.business.findUniqueOrThrow({ where: { id }, select: businessColumns });
      const data = decide(row);
      if (data === null) return row;
      return tx.business.update({ where: { id }, data, select: businessColumns });
    });
  }

  async list(filter: BusinessListFilter, page: PageRequest): Promise<{ rows: BusinessRow[]; totalCount: number }> {
    const where = listWhere(filter);
    const [rows, totalCount] = await Promise.all([
      this.db.business.findMany({
        where: { AND: [where, afterCursorWhere(page.after)] },
        orderBy: KEYSET_ORDER,
        take: page.first + 1,
        select: businessColumns,
      }),
      this.db.business.count({ where }),
    ]);
    return { rows, totalCount };
  }
}

function listWhere(filter: BusinessListFilter): Prisma.BusinessWhereInput {
  const city = likePattern(filter.city);
  const search = likePattern(filter.search);
  return {
    type: filter.type ?? undefined,
    status: filter.statuses ? { in: [...filter.statuses] } : undefined,
    city: city ? { equals: city, mode: "insensitive" } : undefined,
    ...(search
      ? {
          OR: [
            { name: { contains: search, mode: "insensitive" } },
            { description: { contains: search, mode: "insensitive" } },
            { city: { contains: search, mode: "insensitive" } },
          ],
        }
      : {}),
  };
}
