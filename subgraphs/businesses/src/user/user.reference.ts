import type { User } from "./user.type.js";

/** Users live in the users subgraph; here a reference only needs its id to find the user's business. */
export function resolveUserReference(reference: { id: string }): User {
  return { id: reference.id };
}
