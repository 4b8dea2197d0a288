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
  resource(@Arg("id", () => ID, { description: "the resource's id" }) id: string, @Ctx() ctx: ResourcesContext) {
    return ctx.resources.resource(id);
  }

  @Query(() => ResourceConnection, { description: "bookable resources, filtered and paged; owners and admins also see their non-public ones" })
  resources(
    @Ctx() ctx: ResourcesContext,
    @Arg("filter", () => ResourceFilter, { description: "what to list", nullable: true }) filter: ResourceFilter | null,
    @Arg("first", () => Int, { description: "page size, 1..100", nullable: true, defaultValue: 20 }) first: number,
    @Arg("after", () => String, { description: "the endCursor of the previous page", nullable: true }) after: string | null,
  ) {
    return ctx.resources.list(filter ?? {}, first, after);
  }

  /** The business lives in the businesses subgraph: hand the router a reference. */
  @FieldResolver(() => Business, { description: "the business that offers it" })
  business(@Root() resource: ResourceRow): Business {
    return { id: resource.businessId };
  }

  @FieldResolver(() => ResourceCategory, { description: "its category within the business, if any", nullable: true })
  category(@Root() resource: ResourceRow, @Ctx() ctx: ResourcesContext) {
    return resource.categoryId ? ctx.categories.category(resource.categoryId) : null;
  }

  @FieldResolver(() => Money, { description: "price per unit (priceUnit)" })
  price(@Root() resource: ResourceRow): Money {
    return money(resource.price, resource.currency);
  }

  /** The column's CHECK constraint guarantees this shape. */
  @FieldResolver(() => [OpeningHours], { description: "empty means always open" })
  openingHours(@Root() resource: ResourceRow): OpeningHours[] {
    return resource.openingHours as unknown as OpeningHours[];
  }

  @Mutation(() => Resource, { description: "the business's owner or an admin" })
  createResource(@Arg("businessId", () => ID, { description: "the business that offers it" }) businessId: string, @Arg("input", () => CreateResourceInput, { description: "the resource" }) input: CreateResourceInput, @Ctx() ctx: ResourcesContext) {
    return ctx.resources.create(businessId, input);
  }

  @Mutation(() => Resource, { description: "the business's owner or an admin; null clears description, categoryId and slotMinutes" })
  updateResource(@Arg("id", () => ID, { description: "the resource to change" }) id: string, @Arg("input", () => UpdateResourceInput, { description: "the changes" }) input: UpdateResourceInput, @Ctx() ctx: ResourcesContext) {
    return ctx.resources.update(id, input);
  }

  @Mutation(() => Resource, { description: "the business's owner or an admin; DELETED is a soft delete" })
  setResourceStatus(@Arg("id", () => ID, { description: "the resource to change" }) id: string, @Arg("status", () => ResourceStatus, { description: "the new status" }) status: ResourceStatus, @Ctx() ctx: ResourcesContext) {
    return ctx.resources.setStatus(id, status);
  }
}
