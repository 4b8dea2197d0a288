import type { BusinessesContext } from "../context.js";
import type { BusinessRow } from "./business.repository.js";

/** Business references from other subgraphs (Booking.business...), batched and under the same visibility rule. */
export function resolveBusinessReference(reference: { id: string }, ctx: BusinessesContext): Promise<BusinessRow | null> {
  return ctx.businesses.byReference(reference.id);
}
