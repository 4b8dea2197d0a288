import { Arg, Ctx, Mutation, Resolver } from "type-graphql";
import type { UsersContext } from "../context.js";
import { asOwnAccount } from "../user/user.service.js";
import { AuthPayload } from "../user/user.type.js";
import type { AuthResult } from "./session.service.js";

function payload(result: AuthResult): AuthPayload {
  return { ...result, user: asOwnAccount(result.user) } as AuthPayload;
}

@Resolver()
export class SessionResolver {
  @Mutation(() => AuthPayload, { description: "login is an email or a username (BAD_USER_INPUT otherwise); fails with EMAIL_NOT_VERIFIED before verification; wrong passwords are rate-limited per account and IP with a growing retryAfter" })
  async login(@Arg("login", () => String, { description: "email or username" }) login: string, @Arg("password", () => String, { description: "the account's password; a wrong one and an unknown login both answer INVALID_CREDENTIALS" }) password: string, @Ctx() ctx: UsersContext) {
    return payload(await ctx.sessions.login(login, password));
  }

  @Mutation(() => AuthPayload, { description: "rotates: the old refresh token stops working; reuse of a rotated token revokes the whole family" })
  async refreshToken(@Arg("refreshToken", () => String, { description: "the refresh token of the session to continue" }) refreshToken: string, @Ctx() ctx: UsersContext) {
    return payload(await ctx.sessions.refresh(refreshToken));
  }

  @Mutation(() => Boolean, { description: "ends the session of this refresh token" })
  logout(@Arg("refreshToken", () => String, { description: "the refresh token of the session to end" }) refreshToken: string, @Ctx() ctx: UsersContext) {
    return ctx.sessions.logout(refreshToken);
  }

  @Mutation(() => Boolean, { description: "revokes every refresh token of the caller" })
  logoutAll(@Ctx() ctx: UsersContext) {
    return ctx.sessions.logoutAll();
  }

  @Mutation(() => AuthPayload, { description: "Google (or any configured OpenID Connect issuer) ID token; creates a verified CUSTOMER on first login, links a verified CUSTOMER with the same email, and answers FORBIDDEN for any other account with that email until it signs in with its password" })
  async loginWithGoogle(@Arg("idToken", () => String, { description: "a Google ID token issued for GOOGLE_CLIENT_ID" }) idToken: string, @Ctx() ctx: UsersContext) {
    return payload(await ctx.sessions.loginWithGoogle(idToken));
  }
}
