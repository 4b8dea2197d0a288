import { isId, loaderByKey, loaderOfMany, requiredText, wellFormedIds } from "@booking/common";
import type { BusinessAccess } from "../business/business-access.js";
import type { Visibility } from "../visibility.js";
import type { ResourceCategoryRepository, ResourceCategoryRow } from "./resource-category.repository.js";

export const CATEGORY_NAME_LIMIT = 100;

/** The rules about resource categories, for one request: a category is as visible as its business. */
export class ResourceCategoryService {
  private readonly byId;
  private readonly byBusinessId;

  constructor(
    private readonly categories: ResourceCategoryRepository,
    private readonly visibility: Visibility,
    private readonly access: BusinessAccess,
  ) {
    this.byId = loaderByKey((ids: readonly string[]) => this.categories.findByIds(wellFormedIds(ids), this.visibility), (row) => row.id);
    this.byBusinessId = loaderOfMany(
      (businessIds: readonly string[]) => this.categories.findByBusinessIds(wellFormedIds(businessIds), this.visibility),
      (row) => row.businessId,
    );
  }

  /** A category another subgraph points at: null when unknown or hidden from the viewer. */
  byReference(id: string): Promise<ResourceCategoryRow | null> {
    return this.category(id);
  }

  async category(id: string): Promise<ResourceCategoryRow | null> {
    // UUIDs are case-insensitive; PostgreSQL returns them in lower case, and loaders match keys exactly
    return isId(id) ? this.byId.load(id.toLowerCase()) : null;
  }

  /** Business.categories: the categories of many businesses come from one query. */
  async ofBusiness(businessId: string): Promise<ResourceCategoryRow[]> {
    if (!isId(businessId)) return [];
    const rows = await this.byBusinessId.load(businessId.toLowerCase());
    for (const row of rows) this.byId.prime(row.id, row);
    return rows;
  }

  /** The business's owner or an admin; names are unique per business whatever their case (the database's index decides races). */
  async create(businessId: string, name: string): Promise<ResourceCategoryRow> {
    const business = await this.access.manageableBusiness(businessId);
    const trimmed = requiredText(name, "name", CATEGORY_NAME_LIMIT);
    const row = await this.categories.insert(business.id, trimmed);
    this.byId.prime(row.id, row);
    return row;
  }
}
