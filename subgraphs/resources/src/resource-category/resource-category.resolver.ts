import { notImplemented } from "@booking/common";
import { Arg, FieldResolver, ID, Mutation, Resolver, Root } from "type-graphql";
import { Business } from "../business/business.type.js";
import type { ResourceCategoryRow } from "./resource-category.repository.js";
import { ResourceCategory } from "./resource-category.type.js";

@Resolver(() => ResourceCategory)
export class ResourceCategoryResolver {
  /** The business lives in the businesses subgraph: hand the router a reference. */
  @FieldResolver(() => Business)
  business(@Root() category: ResourceCategoryRow): Business {
    return { id: category.businessId };
  }

  @Mutation(() => ResourceCategory, { description: "names are unique per business: CATEGORY_ALREADY_EXISTS" })
  createResourceCategory(@Arg("businessId", () => ID) _businessId: string, @Arg("name", () => String) _name: string): ResourceCategory {
    throw notImplemented("createResourceCategory");
  }
}
