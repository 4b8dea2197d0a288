import type { RequestContext, Viewer } from "@booking/common";
import type { PrismaClient } from "./generated/prisma/client.js";
import { ResourceCategoryRepository } from "./resource-category/resource-category.repository.js";
import { ResourceCategoryService } from "./resource-category/resource-category.service.js";
import { ResourceRepository } from "./resource/resource.repository.js";
import { ResourceService } from "./resource/resource.service.js";
import { visibilityFor } from "./visibility.js";

export interface ResourcesContext extends RequestContext {
  resources: ResourceService;
  categories: ResourceCategoryService;
}

/** Everything one request needs; its loaders live and die with it. */
export function createContext(db: PrismaClient, viewer: Viewer | null): ResourcesContext {
  const visibility = visibilityFor(viewer);
  return {
    viewer,
    resources: new ResourceService(new ResourceRepository(db), visibility),
    categories: new ResourceCategoryService(new ResourceCategoryRepository(db), visibility),
  };
}
