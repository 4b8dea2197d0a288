import { AppError, KEYSET_ORDER, afterCursorWhere, likePattern, violatedUniqueIndex, type PageRequest } from "@booking/common";
import type { BusinessType, BusinessStatus } from "@booking/contracts";
import type { Prisma } from "../generated/prisma/client.js";
import type { NewBusinessFields } from "./business.input.js";

/** The client repositories run on: the pool, or one transaction's connection (see repositories.ts). */
export type DbClient = Prisma.TransactionClient;

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

export interface NewBusiness extends NewBusinessFields {
  ownerId: string;
  status: BusinessStatus;
  isVerified: boolean;
}

/** What a change may write. */
export type BusinessChanges = Partial<Omit<NewBusinessFields, "type"> & { status: BusinessStatus; isVerified: boolean }>;

/** SQL for businesses; no rules. */
export class BusinessRepository {
  constructor(private readonly db: DbClient) {}

  findByIds(ids: readonly string[]): Promise<BusinessRow[]> {
    return this.db.business.findMany({ where: { id: { in: [...ids] } }, select: businessColumns });
  }

  findByOwnerIds(ownerIds: readonly string[]): Promise<BusinessRow[]> {
    return this.db.business.findMany({ where: { ownerId: { in: [...ownerIds] } }, select: businessColumns });
  }

  /** Inserts a business; BUSINESS_ALREADY_EXISTS when its owner has one (the unique owner index decides races). */
  async create(data: NewBusiness): Promise<BusinessRow> {
    try {
      return await this.db.business.create({ data, select: businessColumns });
    } catch (error) {
      if (violatedUniqueIndex(error) === "businesses_owner_id_key") throw new AppError("BUSINESS_ALREADY_EXISTS", "You already have a business");
      throw error;
    }
  }

  /** The business, locked for the rest of the transaction; null when there is none. */
  async lock(id: string): Promise<BusinessRow | null> {
    const locked = await this.db.$queryRaw<{ id: string }[]>`SELECT id FROM businesses WHERE id = ${id}::uuid FOR UPDATE`;
    if (locked.length === 0) return null;
    return this.db.business.findUniqueOrThrow({ where: { id }, select: businessColumns });
  }

  update(id: string, changes: BusinessChanges): Promise<BusinessRow> {
    return this.db.business.update({ where: { id }, data: changes, select: businessColumns });
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
