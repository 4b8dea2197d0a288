import { buildFederatedSchema } from "@booking/common";
import { AccountResolver } from "./account/account.resolver.js";
import type { UsersContext } from "./context.js";
import { SessionResolver } from "./session/session.resolver.js";
import { UserResolver } from "./user/user.resolver.js";

export function buildUsersSchema() {
  return buildFederatedSchema(
    { resolvers: [UserResolver, AccountResolver, SessionResolver] },
    {
      User: { __resolveReference: (reference: { id: string }, ctx: UsersContext) => ctx.users.byReference(reference.id) },
    },
  );
}
