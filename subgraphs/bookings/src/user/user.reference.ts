import type { User } from "./user.type.js";

/** Users live in the users subgraph; here a reference only needs its id to list the user's bookings. */
export function resolveUserReference(reference: { id: string }): User {
  return { id: reference.id };
}
