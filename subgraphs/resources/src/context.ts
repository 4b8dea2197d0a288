import type { RequestContext, Viewer } from "@booking/common";
import { BusinessAccess } from "./business/business-access.js";
import type { BusinessReplica } from "./business/business-replica.js";
import type { PrismaClient } from "./generated/prisma/client.js";
import { ResourceBlockRepository } from "./resource-block/resource-block.repository.js";
import { ResourceBlockService } from "./resource-block/resource-block.service.js";
import { ResourceCategoryRepository } from "./resource-category/resource-category.repository.js";
import { ResourceCategoryService } from "./resource-category/resource-category.service.js";
import { ResourceRepository } from "./resource/resource.repository.js";
import { ResourceService } from "./resource/resource.service.js";
import { visibilityFor } from "./visibility.js";

export interface ResourcesContext extends RequestContext {
  resources: ResourceService;
  categories: ResourceCategoryService;
  blocks: ResourceBlockService;
}

/** The long-lived parts every request shares. */
export interface ResourcesRuntime {
  db: PrismaClient;
  replica: BusinessReplica;
}

/** Everything one request needs; its loaders live and die with it. */
export function createContext(runtime: ResourcesRuntime, viewer: Viewer | null): ResourcesContext {
  const visibility = visibilityFor(viewer);
  const access = new BusinessAccess(viewer, runtime.replica);
  const categoryRepository = new ResourceCategoryRepository(runtime.db);
  const resources = new ResourceService(new ResourceRepository(runtime.db), categoryRepository, visibility, access);
  return {
    viewer,
    resources,
    categories: new ResourceCategoryService(categoryRepository, visibility, access),
    blocks: new ResourceBlockService(new ResourceBlockRepository(runtime.db), resources, access),
  };
}
