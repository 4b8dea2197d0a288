import { ResourceType } from "@booking/contracts";
import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from "type-graphql";
import type { ResourcesContext } from "../context.js";
import { ResourceCategory } from "../resource-category/resource-category.type.js";
import { ResourceConnection } from "../resource/resource.type.js";
import { Business } from "./business.type.js";

/** The fields this subgraph contributes to businesses. */
@Resolver(() => Business)
export class BusinessResolver {
  @FieldResolver(() => ResourceConnection)
  resources(
    @Root() business: Business,
    @Ctx() ctx: ResourcesContext,
    @Arg("first", () => Int, { nullable: true, defaultValue: 20 }) first: number,
    @Arg("after", () => String, { nullable: true }) after: string | null,
    @Arg("type", () => ResourceType, { nullable: true }) type: ResourceType | null,
  ) {
    return ctx.resources.ofBusiness(business.id, first, after, type);
  }

  @FieldResolver(() => [ResourceCategory])
  categories(@Root() business: Business, @Ctx() ctx: ResourcesContext) {
    return ctx.categories.ofBusiness(business.id);
  }
}
