import { KEYSET_ORDER, afterCursorWhere, type PageRequest, type Role } from "@booking/common";
import type { Prisma, PrismaClient } from "../generated/prisma/client.js";
import type { UserStatus } from "./user.type.js";

export interface UserListFilter {
  role?: Role;
  status?: UserStatus;
  search?: string;
}

const userColumns = {
  id: true,
  email: true,
  username: true,
  firstName: true,
  lastName: true,
  phone: true,
  role: true,
  status: true,
  emailVerified: true,
  createdAt: true,
  lastLoginAt: true,
} satisfies Prisma.UserSelect;

export type UserRow = Prisma.UserGetPayload<{ select: typeof userColumns }>;

/** SQL for users; no rules. */
export class UserRepository {
  constructor(private readonly db: PrismaClient) {}

  findByIds(ids: readonly string[]): Promise<UserRow[]> {
    return this.db.user.findMany({ where: { id: { in: [...ids] } }, select: userColumns });
  }

  async list(filter: UserListFilter, page: PageRequest): Promise<{ rows: UserRow[]; totalCount: number }> {
    const where = listWhere(filter);
    const [rows, totalCount] = await Promise.all([
      this.db.user.findMany({
        where: { ...where, ...afterCursorWhere(page.after) },
        orderBy: KEYSET_ORDER,
        take: page.first + 1,
        select: userColumns,
      }),
      this.db.user.count({ where }),
    ]);
    return { rows, totalCount };
  }
}

function listWhere(filter: UserListFilter): Prisma.UserWhereInput {
  const search = filter.search?.trim();
  return {
    role: filter.role,
    status: filter.status,
    ...(search
      ? {
          OR: [
            { email: { contains: search, mode: "insensitive" } },
            { username: { contains: search, mode: "insensitive" } },
            { firstName: { contains: search, mode: "insensitive" } },
            { lastName: { contains: search, mode: "insensitive" } },
          ],
        }
      : {}),
  };
}
