import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from "type-graphql";
import { Business } from "../business/business.type.js";
import type { ResourcesContext } from "../context.js";
import type { ResourceCategoryRow } from "./resource-category.repository.js";
import { ResourceCategory } from "./resource-category.type.js";

@Resolver(() => ResourceCategory)
export class ResourceCategoryResolver {
  /** The business lives in the businesses subgraph: hand the router a reference. */
  @FieldResolver(() => Business, { description: "the business it belongs to" })
  business(@Root() category: ResourceCategoryRow): Business {
    return { id: category.businessId };
  }

  @Mutation(() => ResourceCategory, { description: "names are unique per business: CATEGORY_ALREADY_EXISTS" })
  createResourceCategory(@Arg("businessId", () => ID, { description: "the business it belongs to" }) businessId: string, @Arg("name", () => String, { description: "the category's name" }) name: string, @Ctx() ctx: ResourcesContext) {
    return ctx.categories.create(businessId, name);
  }
}
