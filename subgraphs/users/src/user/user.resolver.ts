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
  user(@Arg("id", () => ID, { description: "the user's id" }) id: string, @Ctx() ctx: UsersContext) {
    return ctx.users.user(id);
  }

  @Query(() => UserConnection, { description: "admins only" })
  users(
    @Ctx() ctx: UsersContext,
    @Arg("filter", () => UserFilter, { description: "what to list", nullable: true }) filter: UserFilter | null,
    @Arg("first", () => Int, { description: "page size, 1..100", nullable: true, defaultValue: 20 }) first: number,
    @Arg("after", () => String, { description: "the endCursor of the previous page", nullable: true }) after: string | null,
  ) {
    return ctx.users.list(filter ?? {}, first, after);
  }

  @FieldResolver(() => String, { description: "null unless the caller is the user or an admin", nullable: true })
  email(@Root() user: UserRow, @Ctx() ctx: UsersContext) {
    return ctx.users.canSeeContact(user) ? user.email : null;
  }

  @FieldResolver(() => String, { description: "null unless the caller is the user or an admin", nullable: true })
  phone(@Root() user: UserRow, @Ctx() ctx: UsersContext) {
    return ctx.users.canSeeContact(user) ? user.phone : null;
  }

  @Mutation(() => User, { description: "the signed-in user's own profile; null clears a field, an absent one stays" })
  updateProfile(
    @Ctx() ctx: UsersContext,
    @Arg("firstName", () => String, { description: "new given name", nullable: true }) firstName?: string | null,
    @Arg("lastName", () => String, { description: "new family name", nullable: true }) lastName?: string | null,
    @Arg("phone", () => String, { description: "new phone number", nullable: true }) phone?: string | null,
  ) {
    return ctx.accounts.updateProfile({ firstName, lastName, phone });
  }

  @Mutation(() => User, { description: "admins only" })
  setUserStatus(@Arg("id", () => ID, { description: "the user to change" }) id: string, @Arg("status", () => UserStatus, { description: "the new status; a SUSPENDED or DELETED user can no longer sign in or act" }) status: UserStatus, @Ctx() ctx: UsersContext) {
    return ctx.users.setStatus(id, status);
  }
}
