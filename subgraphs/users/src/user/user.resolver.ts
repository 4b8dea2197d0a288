import { UserStatus } from "@booking/contracts";
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { UsersContext } from "../context.js";
import type { UserRow } from "./user.repository.js";
import { User, UserConnection, UserFilter } from "./user.type.js";

@Resolver(() => User)
export class UserResolver {
  @Query(() => User, { nullable: true, description: "the caller, or null when anonymous" })
  me(@Ctx() ctx: UsersContext) {
    return ctx.users.me();
  }

  @Query(() => User, { nullable: true, description: "admins only" })
  user(@Arg("id", () => ID) id: string, @Ctx() ctx: UsersContext) {
    return ctx.users.user(id);
  }

  @Query(() => UserConnection, { description: "admins only" })
  users(
    @Ctx() ctx: UsersContext,
    @Arg("filter", () => UserFilter, { nullable: true }) filter: UserFilter | null,
    @Arg("first", () => Int, { nullable: true, defaultValue: 20 }) first: number,
    @Arg("after", () => String, { nullable: true }) after: string | null,
  ) {
    return ctx.users.list(filter ?? {}, first, after);
  }

  @FieldResolver(() => String, { nullable: true })
  email(@Root() user: UserRow, @Ctx() ctx: UsersContext) {
    return ctx.users.canSeeContact(user) ? user.email : null;
  }

  @FieldResolver(() => String, { nullable: true })
  phone(@Root() user: UserRow, @Ctx() ctx: UsersContext) {
    return ctx.users.canSeeContact(user) ? user.phone : null;
  }

  @Mutation(() => User)
  updateProfile(
    @Ctx() ctx: UsersContext,
    @Arg("firstName", () => String, { nullable: true }) firstName?: string | null,
    @Arg("lastName", () => String, { nullable: true }) lastName?: string | null,
    @Arg("phone", () => String, { nullable: true }) phone?: string | null,
  ) {
    return ctx.accounts.updateProfile({ firstName, lastName, phone });
  }

  @Mutation(() => User, { description: "admins only" })
  setUserStatus(@Arg("id", () => ID) id: string, @Arg("status", () => UserStatus) status: UserStatus, @Ctx() ctx: UsersContext) {
    return ctx.users.setStatus(id, status);
  }
}
