import { buildFederatedSchema } from "@booking/common";
import { resolveBusinessReference } from "./business/business.reference.js";
import { BusinessResolver } from "./business/business.resolver.js";
import { resolveUserReference } from "./user/user.reference.js";
import { UserResolver } from "./user/user.resolver.js";

export function buildBusinessesSchema() {
  return buildFederatedSchema(
    { resolvers: [BusinessResolver, UserResolver] },
    {
      Business: { __resolveReference: resolveBusinessReference },
      User: { __resolveReference: resolveUserReference },
    },
  );
}
