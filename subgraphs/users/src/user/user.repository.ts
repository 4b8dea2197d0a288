import type { UserStatus } from "@booking/contracts";
import { KEYSET_ORDER, afterCursorWhere, likePattern, violatedUniqueIndex, type PageRequest, type Role } from "@booking/common";
import type { Prisma } from "../generated/prisma/client.js";
import { emailTaken, usernameTaken } from "./user.errors.js";

/** The client repositories run on: the pool, or one transaction's connection (see repositories.ts). */
export type DbClient = Prisma.TransactionClient;

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

const credentialColumns = { ...userColumns, passwordHash: true, tokensValidAfter: true } satisfies Prisma.UserSelect;

export type UserWithCredentials = Prisma.UserGetPayload<{ select: typeof credentialColumns }>;

// The unique indexes on users (see the init migration) and what a write that hits one means.
const CONFLICT_BY_INDEX: Record<string, () => Error> = {
  users_email_key: emailTaken,
  users_username_lower_key: usernameTaken,
};

export interface NewUser {
  email: string;
  username: string;
  passwordHash: string | null;
  firstName?: string | null;
  lastName?: string | null;
  phone?: string | null;
  role: Role;
  status: UserStatus;
  emailVerified: boolean;
}

export type UserChanges = Partial<Omit<NewUser, "email" | "username">> & { tokensValidAfter?: Date; lastLoginAt?: Date };

/** SQL for users; no rules. */
export class UserRepository {
  constructor(private readonly db: DbClient) {}

  findById(id: string): Promise<UserWithCredentials | null> {
    return this.db.user.findUnique({ where: { id }, select: credentialColumns });
  }

  findByEmail(email: string): Promise<UserWithCredentials | null> {
    return this.db.user.findUnique({ where: { email }, select: credentialColumns });
  }

  /**
   * By email or, case-insensitively, by username: compared with lower() on the unique index,
   * never ILIKE, where "_" in a username would match any character.
   */
  async findByLogin(login: string): Promise<UserWithCredentials | null> {
    const rows = await this.db.$queryRaw<{ id: string }[]>`
      SELECT id FROM users WHERE email = ${login.toLowerCase()} OR lower(username) = lower(${login})
      ORDER BY (email = ${login.toLowerCase()}) DESC LIMIT 1`;
    return rows[0] ? this.findById(rows[0].id) : null;
  }

  async usernameTaken(username: string): Promise<boolean> {
    const rows = await this.db.$queryRaw<unknown[]>`SELECT 1 FROM users WHERE lower(username) = lower(${username}) LIMIT 1`;
    return rows.length > 0;
  }

  /** Locks the user's row for the rest of the transaction (serialises code and session changes). */
  async lock(id: string): Promise<void> {
    await this.db.$queryRaw`SELECT 1 FROM users WHERE id = ${id}::uuid FOR UPDATE`;
  }

  /** EMAIL_TAKEN or USERNAME_TAKEN when another user holds either (a race the caller's check lost). */
  async create(user: NewUser): Promise<UserRow> {
    try {
      return await this.db.user.create({ data: user, select: userColumns });
    } catch (error) {
      const conflict = CONFLICT_BY_INDEX[violatedUniqueIndex(error) ?? ""];
      throw conflict ? conflict() : error;
    }
  }

  update(id: string, changes: UserChanges): Promise<UserRow> {
    return this.db.user.update({ where: { id }, data: changes, select: userColumns });
  }

  findByIdentity(issuer: string, subject: string): Promise<UserWithCredentials | null> {
    return this.db.user.findFirst({ where: { identities: { some: { issuer, subject } } }, select: credentialColumns });
  }

  async linkIdentity(userId: string, issuer: string, subject: string): Promise<void> {
    await this.db.userIdentity.create({ data: { userId, issuer, subject } });
  }

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
  const search = likePattern(filter.search);
  // An explicit null in a filter means "any", like an absent one.
  return {
    role: filter.role ?? undefined,
    status: filter.status ?? undefined,
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
