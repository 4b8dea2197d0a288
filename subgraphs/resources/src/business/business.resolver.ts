import { ResourceType } from "@booking/contracts";
import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from "type-graphql";
import type { ResourcesContext } from "../context.js";
import { ResourceCategory } from "../resource-category/resource-category.type.js";
import { ResourceConnection } from "../resource/resource.type.js";
import { Business } from "./business.type.js";

/** The fields this subgraph contributes to businesses. */
@Resolver(() => Business)
export class BusinessResolver {
  @FieldResolver(() => ResourceConnection, { description: "contributed by resources: its resources the caller may see" })
  resources(
    @Root() business: Business,
    @Ctx() ctx: ResourcesContext,
    @Arg("first", () => Int, { description: "page size, 1..100", nullable: true, defaultValue: 20 }) first: number,
    @Arg("after", () => String, { description: "the endCursor of the previous page", nullable: true }) after: string | null,
    @Arg("type", () => ResourceType, { description: "only resources of this type", nullable: true }) type: ResourceType | null,
  ) {
    return ctx.resources.ofBusiness(business.id, first, after, type);
  }

  @FieldResolver(() => [ResourceCategory], { description: "contributed by resources: its resource categories" })
  categories(@Root() business: Business, @Ctx() ctx: ResourcesContext) {
    return ctx.categories.ofBusiness(business.id);
  }
}
