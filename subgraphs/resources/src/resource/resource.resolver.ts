import { ResourceStatus } from "@booking/contracts";
import { Money, money } from "@booking/common";
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { Business } from "../business/business.type.js";
import type { ResourcesContext } from "../context.js";
import { ResourceCategory } from "../resource-category/resource-category.type.js";
import type { ResourceRow } from "./resource.repository.js";
import { CreateResourceInput, OpeningHours, Resource, ResourceConnection, ResourceFilter, UpdateResourceInput } from "./resource.type.js";

@Resolver(() => Resource)
export class ResourceResolver {
  @Query(() => Resource, { nullable: true, description: "bookable resources of ACTIVE businesses for everyone; all for owner and admins" })
  resource(@Arg("id", () => ID) id: string, @Ctx() ctx: ResourcesContext) {
    return ctx.resources.resource(id);
  }

  @Query(() => ResourceConnection)
  resources(
    @Ctx() ctx: ResourcesContext,
    @Arg("filter", () => ResourceFilter, { nullable: true }) filter: ResourceFilter | null,
    @Arg("first", () => Int, { nullable: true, defaultValue: 20 }) first: number,
    @Arg("after", () => String, { nullable: true }) after: string | null,
  ) {
    return ctx.resources.list(filter ?? {}, first, after);
  }

  /** The business lives in the businesses subgraph: hand the router a reference. */
  @FieldResolver(() => Business)
  business(@Root() resource: ResourceRow): Business {
    return { id: resource.businessId };
  }

  @FieldResolver(() => ResourceCategory, { nullable: true })
  category(@Root() resource: ResourceRow, @Ctx() ctx: ResourcesContext) {
    return resource.categoryId ? ctx.categories.category(resource.categoryId) : null;
  }

  @FieldResolver(() => Money)
  price(@Root() resource: ResourceRow): Money {
    return money(resource.price, resource.currency);
  }

  /** The column's CHECK constraint guarantees this shape. */
  @FieldResolver(() => [OpeningHours], { description: "empty means always open" })
  openingHours(@Root() resource: ResourceRow): OpeningHours[] {
    return resource.openingHours as unknown as OpeningHours[];
  }

  @Mutation(() => Resource, { description: "the business's owner or an admin" })
  createResource(@Arg("businessId", () => ID) businessId: string, @Arg("input", () => CreateResourceInput) input: CreateResourceInput, @Ctx() ctx: ResourcesContext) {
    return ctx.resources.create(businessId, input);
  }

  @Mutation(() => Resource, { description: "the business's owner or an admin; null clears description, categoryId and slotMinutes" })
  updateResource(@Arg("id", () => ID) id: string, @Arg("input", () => UpdateResourceInput) input: UpdateResourceInput, @Ctx() ctx: ResourcesContext) {
    return ctx.resources.update(id, input);
  }

  @Mutation(() => Resource, { description: "the business's owner or an admin; DELETED is a soft delete" })
  setResourceStatus(@Arg("id", () => ID) id: string, @Arg("status", () => ResourceStatus) status: ResourceStatus, @Ctx() ctx: ResourcesContext) {
    return ctx.resources.setStatus(id, status);
  }
}
