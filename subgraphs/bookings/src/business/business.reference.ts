import type { Business } from "./business.type.js";

/** Businesses live in the businesses subgraph; here a reference only needs its id to list its bookings. */
export function resolveBusinessReference(reference: { id: string }): Business {
  return { id: reference.id };
}
