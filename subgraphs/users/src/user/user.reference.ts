import type { UsersContext } from "../context.js";
import type { UserRow } from "./user.repository.js";

/** A user another subgraph points at, through the request's loader; null when unknown. */
export function resolveUserReference(reference: { id: string }, context: UsersContext): Promise<UserRow | null> {
  return context.users.byReference(reference.id);
}
