import { notImplemented } from "@booking/common";
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { BusinessesContext } from "../context.js";
import { User } from "../user/user.type.js";
import type { BusinessRow } from "./business.repository.js";
import { Business, BusinessConnection, BusinessFilter, BusinessStatus, CreateBusinessInput, UpdateBusinessInput } from "./business.type.js";

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
  createBusiness(@Arg("input", () => CreateBusinessInput) _input: CreateBusinessInput): Business {
    throw notImplemented("createBusiness");
  }

  @Mutation(() => Business)
  updateBusiness(@Arg("id", () => ID) _id: string, @Arg("input", () => UpdateBusinessInput) _input: UpdateBusinessInput): Business {
    throw notImplemented("updateBusiness");
  }

  @Mutation(() => Business, { description: "admins only: PENDING -> ACTIVE, isVerified = true" })
  verifyBusiness(@Arg("id", () => ID) _id: string): Business {
    throw notImplemented("verifyBusiness");
  }

  @Mutation(() => Business, { description: "owner: ACTIVE <-> INACTIVE; admins: any, including SUSPENDED and DELETED" })
  setBusinessStatus(@Arg("id", () => ID) _id: string, @Arg("status", () => BusinessStatus) _status: BusinessStatus): Business {
    throw notImplemented("setBusinessStatus");
  }
}
