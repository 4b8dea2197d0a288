import type { ResourcesContext } from "../context.js";
import type { ResourceCategoryRow } from "./resource-category.repository.js";

/** Category references from other subgraphs, batched; a category is as visible as its business. */
export function resolveResourceCategoryReference(reference: { id: string }, ctx: ResourcesContext): Promise<ResourceCategoryRow | null> {
  return ctx.categories.byReference(reference.id);
}
