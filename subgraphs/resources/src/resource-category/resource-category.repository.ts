import { AppError, violatedUniqueIndex } from "@booking/common";
import type { Prisma } from "../generated/prisma/client.js";
import type { DbClient } from "../resource/resource.repository.js";
import type { Visibility } from "../visibility.js";

const categoryColumns = {
  id: true,
  businessId: true,
  name: true,
  createdAt: true,
} satisfies Prisma.ResourceCategorySelect;

export type ResourceCategoryRow = Prisma.ResourceCategoryGetPayload<{ select: typeof categoryColumns }>;

/** SQL for resource categories; no rules (what is visible arrives as a `Visibility`). */
export class ResourceCategoryRepository {
  constructor(private readonly db: DbClient) {}

  findByIds(ids: readonly string[], visibility: Visibility): Promise<ResourceCategoryRow[]> {
    return this.db.resourceCategory.findMany({ where: { id: { in: [...ids] }, business: visibleBusinessWhere(visibility) }, select: categoryColumns });
  }

  /** Every category of these businesses, by name. */
  findByBusinessIds(businessIds: readonly string[], visibility: Visibility): Promise<ResourceCategoryRow[]> {
    return this.db.resourceCategory.findMany({
      where: { businessId: { in: [...businessIds] }, business: visibleBusinessWhere(visibility) },
      orderBy: [{ name: "asc" }, { id: "asc" }],
      select: categoryColumns,
    });
  }

  /** Whether a category of this business has this id. */
  async existsIn(businessId: string, categoryId: string): Promise<boolean> {
    return (await this.db.resourceCategory.count({ where: { id: categoryId, businessId } })) > 0;
  }

  /** CATEGORY_ALREADY_EXISTS for a second name of the same business, whatever its case (the unique index decides races). */
  async insert(businessId: string, name: string): Promise<ResourceCategoryRow> {
    try {
      return await this.db.resourceCategory.create({ data: { businessId, name }, select: categoryColumns });
    } catch (error) {
      if (violatedUniqueIndex(error) === "resource_categories_business_id_lower_name_key") {
        throw new AppError("CATEGORY_ALREADY_EXISTS", `This business already has a category named ${name}`, { field: "name" });
      }
      throw error;
    }
  }
}

function visibleBusinessWhere(visibility: Visibility): Prisma.BusinessWhereInput {
  if (visibility.everything) return {};
  return { OR: [{ status: visibility.publicBusinessStatus }, ...(visibility.ownerId ? [{ ownerId: visibility.ownerId }] : [])] };
}
