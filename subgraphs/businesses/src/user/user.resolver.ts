import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { Business } from "../business/business.type.js";
import type { BusinessesContext } from "../context.js";
import { User } from "./user.type.js";

@Resolver(() => User)
export class UserResolver {
  @FieldResolver(() => Business, { nullable: true, description: "the one business a vendor owns" })
  business(@Root() user: User, @Ctx() ctx: BusinessesContext) {
    return ctx.businesses.ofOwner(user.id);
  }
}
