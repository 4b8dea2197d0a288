import { BusinessStatus } from "@booking/contracts";
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { BusinessesContext } from "../context.js";
import { User } from "../user/user.type.js";
import type { BusinessRow } from "./business.repository.js";
import { Business, BusinessConnection, BusinessFilter, CreateBusinessInput, UpdateBusinessInput } from "./business.type.js";

@Resolver(() => Business)
export class BusinessResolver {
  @Query(() => Business, { nullable: true, description: "ACTIVE ones for everyone; others for their owner and admins" })
  business(@Arg("id", () => ID) id: string, @Ctx() ctx: BusinessesContext) {
    return ctx.businesses.business(id);
  }

  @Query(() => BusinessConnection, { description: "non-admins see ACTIVE businesses only" })
  businesses(
    @Ctx() ctx: BusinessesContext,
    @Arg("filter", () => BusinessFilter, { nullable: true }) filter: BusinessFilter | null,
    @Arg("first", () => Int, { nullable: true, defaultValue: 20 }) first: number,
    @Arg("after", () => String, { nullable: true }) after: string | null,
  ) {
    return ctx.businesses.list(filter ?? {}, first, after);
  }

  /** The owner lives in the users subgraph: hand the router a reference. */
  @FieldResolver(() => User)
  owner(@Root() business: BusinessRow): User {
    return { id: business.ownerId };
  }

  @Mutation(() => Business, { description: "VENDOR only; a second business fails with BUSINESS_ALREADY_EXISTS; starts PENDING" })
  createBusiness(@Arg("input", () => CreateBusinessInput) input: CreateBusinessInput, @Ctx() ctx: BusinessesContext) {
    return ctx.businesses.create(input);
  }

  @Mutation(() => Business, { description: "the owner or an admin; null clears an optional field" })
  updateBusiness(@Arg("id", () => ID) id: string, @Arg("input", () => UpdateBusinessInput) input: UpdateBusinessInput, @Ctx() ctx: BusinessesContext) {
    return ctx.businesses.update(id, input);
  }

  @Mutation(() => Business, { description: "admins only: PENDING -> ACTIVE, isVerified = true" })
  verifyBusiness(@Arg("id", () => ID) id: string, @Ctx() ctx: BusinessesContext) {
    return ctx.businesses.verify(id);
  }

  @Mutation(() => Business, { description: "owner: ACTIVE <-> INACTIVE; admins: any, including SUSPENDED and DELETED" })
  setBusinessStatus(@Arg("id", () => ID) id: string, @Arg("status", () => BusinessStatus) status: BusinessStatus, @Ctx() ctx: BusinessesContext) {
    return ctx.businesses.setStatus(id, status);
  }
}
