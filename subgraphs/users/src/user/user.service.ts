import { Role, badInput, forbidden, loaderByKey, normaliseId, notFound, pageRequest, toConnection, unauthenticated, wellFormedIds, type Connection, type Viewer } from "@booking/common";
import { type ViewerStatus, UserStatus } from "@booking/contracts";
import type { UsersUnitOfWork } from "../repositories.js";
import type { Sessions } from "../session/sessions.js";
import type { UserListFilter, UserRepository, UserRow } from "./user.repository.js";

/**
 * Marks a user row as the caller's own account where the viewer cannot say so yet
 * (the answer to register, verifyEmail or login), so its email and phone are shown.
 */
export const OWN_ACCOUNT = Symbol("own account");

export function asOwnAccount<T extends object>(row: T): T {
  return Object.assign(row, { [OWN_ACCOUNT]: true });
}

/** The rules about users, for one request (its viewer and its loaders). */
export class UserService {
  private readonly users: UserRepository;
  private readonly byId;

  constructor(
    private readonly uow: UsersUnitOfWork,
    private readonly sessions: Sessions,
    private readonly viewer: Viewer | null,
  ) {
    this.users = uow.repositories.users;
    this.byId = loaderByKey((ids: readonly string[]) => this.users.findByIds(wellFormedIds(ids)), (row) => row.id);
  }

  /** A user another subgraph points at; null when the id names nobody. */
  async byReference(id: string): Promise<UserRow | null> {
    const normalised = normaliseId(id);
    return normalised ? this.byId.load(normalised) : null;
  }

  async me(): Promise<UserRow | null> {
    return this.viewer ? this.byId.load(this.viewer.userId) : null;
  }

  async user(id: string): Promise<UserRow | null> {
    this.assertAdmin();
    return this.byReference(id);
  }

  async list(filter: UserListFilter, first: number | null | undefined, after: string | null | undefined): Promise<Connection<UserRow>> {
    this.assertAdmin();
    const page = pageRequest(first, after);
    const { rows, totalCount } = await this.users.list(filter, page);
    for (const row of rows) this.byId.prime(row.id, row);
    return toConnection(rows, page, totalCount);
  }

  /** Admins only. Suspending or deleting ends every session of the user at once. */
  async setStatus(id: string, status: UserStatus): Promise<UserRow> {
    const admin = this.assertAdmin();
    if (status === UserStatus.PENDING_VERIFICATION) throw badInput("status", "A user cannot be put back to PENDING_VERIFICATION");
    if (normaliseId(id) === admin.userId && status !== UserStatus.ACTIVE) throw badInput("id", "Admins cannot suspend or delete themselves");
    const targetId = normaliseId(id);
    const target = targetId ? await this.users.findById(targetId) : null;
    if (!target || !targetId) throw notFound("User");
    const ending = status === UserStatus.SUSPENDED || status === UserStatus.DELETED;
    return this.uow.transaction(async ({ users, refreshTokens }) => {
      const updated = await users.update(targetId, {
        status,
        ...(ending ? { tokensValidAfter: new Date() } : {}),
        ...(status === UserStatus.ACTIVE ? { emailVerified: true } : {}),
      });
      if (ending) await this.sessions.endAll(refreshTokens, targetId);
      return updated;
    });
  }

  /** email and phone are for the user themself and for admins. */
  canSeeContact(user: Pick<UserRow, "id">): boolean {
    if ((user as { [OWN_ACCOUNT]?: boolean })[OWN_ACCOUNT]) return true;
    return this.viewer !== null && (this.viewer.role === Role.ADMIN || this.viewer.userId === user.id);
  }

  private assertAdmin(): Viewer {
    if (!this.viewer) throw unauthenticated();
    if (this.viewer.role !== Role.ADMIN) throw forbidden("Only admins can do this");
    return this.viewer;
  }
}

/** What the router asks on every authenticated request (cached there briefly). */
export async function viewerStatus(users: UserRepository, userId: string): Promise<ViewerStatus | null> {
  const id = normaliseId(userId);
  if (!id) return null;
  const user = await users.findById(id);
  if (!user) return null;
  return { status: user.status, role: user.role, tokensValidAfter: user.tokensValidAfter?.getTime() ?? null };
}

/** ADMIN_EMAIL / ADMIN_PASSWORD: an active, verified admin with exactly these credentials. */
export async function ensureAdmin(uow: UsersUnitOfWork, admin: { email: string; password: string }, hashPassword: (password: string) => Promise<string>): Promise<void> {
  const email = admin.email.trim().toLowerCase();
  const passwordHash = await hashPassword(admin.password);
  await uow.transaction(async ({ users }) => {
    const existing = await users.findByEmail(email);
    if (existing) {
      await users.update(existing.id, { role: Role.ADMIN, status: UserStatus.ACTIVE, emailVerified: true, passwordHash });
      return;
    }
    let username = "admin";
    for (let suffix = 2; await users.usernameTaken(username); suffix += 1) username = `admin${suffix}`;
    await users.create({ email, username, passwordHash, role: Role.ADMIN, status: UserStatus.ACTIVE, emailVerified: true });
  });
}

