import { Role, forbidden, isId, loaderByKey, pageRequest, toConnection, unauthenticated, wellFormedIds, type Connection, type Viewer } from "@booking/common";
import type { UserListFilter, UserRepository, UserRow } from "./user.repository.js";

/** The rules about users, for one request (its viewer and its loaders). */
export class UserService {
  private readonly byId;

  constructor(
    private readonly users: UserRepository,
    private readonly viewer: Viewer | null,
  ) {
    this.byId = loaderByKey((ids: readonly string[]) => this.users.findByIds(wellFormedIds(ids)), (row) => row.id);
  }

  /** A user another subgraph points at; null when the id names nobody. */
  async byReference(id: string): Promise<UserRow | null> {
    return isId(id) ? this.byId.load(id) : null;
  }

  async me(): Promise<UserRow | null> {
    return this.viewer ? this.byId.load(this.viewer.userId) : null;
  }

  async user(id: string): Promise<UserRow | null> {
    this.assertAdmin();
    return isId(id) ? this.byId.load(id) : null;
  }

  async list(filter: UserListFilter, first: number | null | undefined, after: string | null | undefined): Promise<Connection<UserRow>> {
    this.assertAdmin();
    const page = pageRequest(first, after);
    const { rows, totalCount } = await this.users.list(filter, page);
    for (const row of rows) this.byId.prime(row.id, row);
    return toConnection(rows, page, totalCount);
  }

  /** email and phone are for the user themself and for admins. */
  canSeeContact(user: Pick<UserRow, "id">): boolean {
    return this.viewer !== null && (this.viewer.role === Role.ADMIN || this.viewer.userId === user.id);
  }

  private assertAdmin(): void {
    if (!this.viewer) throw unauthenticated();
    if (this.viewer.role !== Role.ADMIN) throw forbidden("Only admins can do this");
  }
}
