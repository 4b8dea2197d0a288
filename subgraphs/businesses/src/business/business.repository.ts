import { KEYSET_ORDER, afterCursorWhere, type BusinessType, type PageRequest } from "@booking/common";
import type { Prisma, PrismaClient } from "../generated/prisma/client.js";
import type { BusinessStatus } from "./business.type.js";

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
  const city = filter.city?.trim();
  const search = filter.search?.trim();
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
