import { isId, loaderByKey, loaderOfMany, wellFormedIds } from "@booking/common";
import type { Visibility } from "../visibility.js";
import type { ResourceCategoryRepository, ResourceCategoryRow } from "./resource-category.repository.js";

/** The rules about resource categories, for one request: a category is as visible as its business. */
export class ResourceCategoryService {
  private readonly byId;
  private readonly byBusinessId;

  constructor(
    private readonly categories: ResourceCategoryRepository,
    private readonly visibility: Visibility,
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
}
