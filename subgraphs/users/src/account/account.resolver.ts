import { Arg, Ctx, Mutation, Resolver } from "type-graphql";
import type { UsersContext } from "../context.js";
import { asOwnAccount } from "../user/user.service.js";
import { RegisterInput, User } from "../user/user.type.js";

@Resolver()
export class AccountResolver {
  @Mutation(() => User, { description: "creates a PENDING_VERIFICATION user and emails a 6-digit code" })
  async register(@Arg("input", () => RegisterInput, { description: "the new account" }) input: RegisterInput, @Ctx() ctx: UsersContext) {
    return asOwnAccount(await ctx.accounts.register(input));
  }

  @Mutation(() => User, { description: "PENDING_VERIFICATION -> ACTIVE" })
  async verifyEmail(@Arg("email", () => String, { description: "the address the code was sent to" }) email: string, @Arg("code", () => String, { description: "the 6-digit code from the email (INVALID_CODE, TOO_MANY_ATTEMPTS)" }) code: string, @Ctx() ctx: UsersContext) {
    return asOwnAccount(await ctx.accounts.verifyEmail(email, code));
  }

  @Mutation(() => Boolean, { description: "always true, whether or not the email exists" })
  requestEmailVerification(@Arg("email", () => String, { description: "the address to send a new code to" }) email: string, @Ctx() ctx: UsersContext) {
    return ctx.accounts.requestEmailVerification(email);
  }

  @Mutation(() => Boolean, { description: "always true; emails a 6-digit code when the email exists" })
  requestPasswordReset(@Arg("email", () => String, { description: "the account's email; a reset code is mailed to it" }) email: string, @Ctx() ctx: UsersContext) {
    return ctx.accounts.requestPasswordReset(email);
  }

  @Mutation(() => Boolean, { description: "revokes every refresh token of the user" })
  resetPassword(
    @Arg("email", () => String, { description: "the account's email" }) email: string,
    @Arg("code", () => String, { description: "the 6-digit code from the reset email" }) code: string,
    @Arg("newPassword", () => String, { description: "the new password; every session of the account ends" }) newPassword: string,
    @Ctx() ctx: UsersContext,
  ) {
    return ctx.accounts.resetPassword(email, code, newPassword);
  }

  @Mutation(() => Boolean, { description: "changes the signed-in user's password; the current one is required" })
  changePassword(@Arg("currentPassword", () => String, { description: "the password in use (INVALID_CREDENTIALS otherwise)" }) currentPassword: string, @Arg("newPassword", () => String, { description: "the new password" }) newPassword: string, @Ctx() ctx: UsersContext) {
    return ctx.accounts.changePassword(currentPassword, newPassword);
  }
}
