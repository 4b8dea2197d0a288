import { buildFederatedSchema } from "@booking/common";
import { AccountResolver } from "./account/account.resolver.js";
import { SessionResolver } from "./session/session.resolver.js";
import { resolveUserReference } from "./user/user.reference.js";
import { UserResolver } from "./user/user.resolver.js";

export function buildUsersSchema() {
  return buildFederatedSchema(
    { resolvers: [UserResolver, AccountResolver, SessionResolver] },
    {
      User: { __resolveReference: resolveUserReference },
    },
  );
}
