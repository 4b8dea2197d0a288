import type { Resource } from "./resource.type.js";

/** Resources live in the resources subgraph; here a reference only needs its id to list its bookings and availability. */
export function resolveResourceReference(reference: { id: string }): Resource {
  return { id: reference.id };
}
