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
  @Mutation(() => AuthPayload, { description: "login is an email or a username; fails with EMAIL_NOT_VERIFIED before verification" })
  async login(@Arg("login", () => String) login: string, @Arg("password", () => String) password: string, @Ctx() ctx: UsersContext) {
    return payload(await ctx.sessions.login(login, password));
  }

  @Mutation(() => AuthPayload, { description: "rotates: the old refresh token stops working; reuse of a rotated token revokes the whole family" })
  async refreshToken(@Arg("refreshToken", () => String) refreshToken: string, @Ctx() ctx: UsersContext) {
    return payload(await ctx.sessions.refresh(refreshToken));
  }

  @Mutation(() => Boolean)
  logout(@Arg("refreshToken", () => String) refreshToken: string, @Ctx() ctx: UsersContext) {
    return ctx.sessions.logout(refreshToken);
  }

  @Mutation(() => Boolean, { description: "revokes every refresh token of the caller" })
  logoutAll(@Ctx() ctx: UsersContext) {
    return ctx.sessions.logoutAll();
  }

  @Mutation(() => AuthPayload, { description: "Google (or any configured OpenID Connect issuer) ID token; creates a verified CUSTOMER on first login" })
  async loginWithGoogle(@Arg("idToken", () => String) idToken: string, @Ctx() ctx: UsersContext) {
    return payload(await ctx.sessions.loginWithGoogle(idToken));
  }
}
