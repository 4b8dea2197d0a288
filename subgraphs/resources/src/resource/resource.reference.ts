import type { ResourcesContext } from "../context.js";
import type { ResourceRow } from "./resource.repository.js";

/** Resource references from other subgraphs (Booking.resource...), batched and under the same visibility rule. */
export function resolveResourceReference(reference: { id: string }, ctx: ResourcesContext): Promise<ResourceRow | null> {
  return ctx.resources.byReference(reference.id);
}
