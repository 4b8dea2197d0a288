import { Arg, Ctx, Mutation, Resolver } from "type-graphql";
import type { UsersContext } from "../context.js";
import { asOwnAccount } from "../user/user.service.js";
import { RegisterInput, User } from "../user/user.type.js";

@Resolver()
export class AccountResolver {
  @Mutation(() => User, { description: "creates a PENDING_VERIFICATION user and emails a 6-digit code" })
  async register(@Arg("input", () => RegisterInput) input: RegisterInput, @Ctx() ctx: UsersContext) {
    return asOwnAccount(await ctx.accounts.register(input));
  }

  @Mutation(() => User, { description: "PENDING_VERIFICATION -> ACTIVE" })
  async verifyEmail(@Arg("email", () => String) email: string, @Arg("code", () => String) code: string, @Ctx() ctx: UsersContext) {
    return asOwnAccount(await ctx.accounts.verifyEmail(email, code));
  }

  @Mutation(() => Boolean, { description: "always true, whether or not the email exists" })
  requestEmailVerification(@Arg("email", () => String) email: string, @Ctx() ctx: UsersContext) {
    return ctx.accounts.requestEmailVerification(email);
  }

  @Mutation(() => Boolean, { description: "always true; emails a 6-digit code when the email exists" })
  requestPasswordReset(@Arg("email", () => String) email: string, @Ctx() ctx: UsersContext) {
    return ctx.accounts.requestPasswordReset(email);
  }

  @Mutation(() => Boolean, { description: "revokes every refresh token of the user" })
  resetPassword(
    @Arg("email", () => String) email: string,
    @Arg("code", () => String) code: string,
    @Arg("newPassword", () => String) newPassword: string,
    @Ctx() ctx: UsersContext,
  ) {
    return ctx.accounts.resetPassword(email, code, newPassword);
  }

  @Mutation(() => Boolean)
  changePassword(@Arg("currentPassword", () => String) currentPassword: string, @Arg("newPassword", () => String) newPassword: string, @Ctx() ctx: UsersContext) {
    return ctx.accounts.changePassword(currentPassword, newPassword);
  }
}
