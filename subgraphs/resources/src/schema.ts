import { buildFederatedSchema } from "@booking/common";
import { resolveBusinessReference } from "./business/business.reference.js";
import { BusinessResolver } from "./business/business.resolver.js";
import { resolveResourceCategoryReference } from "./resource-category/resource-category.reference.js";
import { ResourceCategoryResolver } from "./resource-category/resource-category.resolver.js";
import { resolveResourceReference } from "./resource/resource.reference.js";
import { ResourceResolver } from "./resource/resource.resolver.js";

export async function buildResourcesSchema() {
  return buildFederatedSchema(
    { resolvers: [ResourceResolver, ResourceCategoryResolver, BusinessResolver] },
    {
      Resource: { __resolveReference: resolveResourceReference },
      ResourceCategory: { __resolveReference: resolveResourceCategoryReference },
      Business: { __resolveReference: resolveBusinessReference },
    },
  );
}
