import { isId } from "@booking/common";
import type { Business } from "./business.type.js";

/**
 * Businesses live in the businesses subgraph; a reference needs only its id, and the
 * contributed fields apply the visibility rules themselves.
 */
export function resolveBusinessReference(reference: { id: string }): Business | null {
  return isId(reference.id) ? { id: reference.id } : null;
}
