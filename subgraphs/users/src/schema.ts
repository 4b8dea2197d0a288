import { buildFederatedSchema } from "@booking/common";
import type { UsersContext } from "./context.js";
import { UserResolver } from "./user/user.resolver.js";

export function buildUsersSchema() {
  return buildFederatedSchema(
    { resolvers: [UserResolver] },
    {
      User: { __resolveReference: (reference: { id: string }, ctx: UsersContext) => ctx.users.byReference(reference.id) },
    },
  );
}
