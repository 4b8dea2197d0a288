import { BusinessStatus } from "@booking/contracts";
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { BusinessesContext } from "../context.js";
import { User } from "../user/user.type.js";
import type { BusinessRow } from "./business.repository.js";
import { Business, BusinessConnection, BusinessFilter, CreateBusinessInput, UpdateBusinessInput } from "./business.type.js";

@Resolver(() => Business)
export class BusinessResolver {
  @Query(() => Business, { nullable: true, description: "ACTIVE ones for everyone; others for their owner and admins" })
  business(@Arg("id", () => ID, { description: "the business's id" }) id: string, @Ctx() ctx: BusinessesContext) {
    return ctx.businesses.business(id);
  }

  @Query(() => BusinessConnection, { description: "non-admins see ACTIVE businesses only" })
  businesses(
    @Ctx() ctx: BusinessesContext,
    @Arg("filter", () => BusinessFilter, { description: "what to list", nullable: true }) filter: BusinessFilter | null,
    @Arg("first", () => Int, { description: "page size, 1..100", nullable: true, defaultValue: 20 }) first: number,
    @Arg("after", () => String, { description: "the endCursor of the previous page", nullable: true }) after: string | null,
  ) {
    return ctx.businesses.list(filter ?? {}, first, after);
  }

  /** The owner lives in the users subgraph: hand the router a reference. */
  @FieldResolver(() => User, { description: "the vendor who owns it" })
  owner(@Root() business: BusinessRow): User {
    return { id: business.ownerId };
  }

  @Mutation(() => Business, { description: "VENDOR only; a second business fails with BUSINESS_ALREADY_EXISTS; starts PENDING" })
  createBusiness(@Arg("input", () => CreateBusinessInput, { description: "the business" }) input: CreateBusinessInput, @Ctx() ctx: BusinessesContext) {
    return ctx.businesses.create(input);
  }

  @Mutation(() => Business, { description: "the owner or an admin; null clears an optional field" })
  updateBusiness(@Arg("id", () => ID, { description: "the business to change" }) id: string, @Arg("input", () => UpdateBusinessInput, { description: "the changes" }) input: UpdateBusinessInput, @Ctx() ctx: BusinessesContext) {
    return ctx.businesses.update(id, input);
  }

  @Mutation(() => Business, { description: "admins only: PENDING -> ACTIVE, isVerified = true" })
  verifyBusiness(@Arg("id", () => ID, { description: "the business to verify" }) id: string, @Ctx() ctx: BusinessesContext) {
    return ctx.businesses.verify(id);
  }

  @Mutation(() => Business, { description: "owner: ACTIVE <-> INACTIVE; admins: any, including SUSPENDED and DELETED" })
  setBusinessStatus(@Arg("id", () => ID, { description: "the business to change" }) id: string, @Arg("status", () => BusinessStatus, { description: "the new status" }) status: BusinessStatus, @Ctx() ctx: BusinessesContext) {
    return ctx.businesses.setStatus(id, status);
  }
}
