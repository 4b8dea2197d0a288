import type { RequestContext, Viewer } from "@booking/common";
import { BusinessAccess } from "./business/business-access.js";
import type { BusinessReplica } from "./business/business-replica.js";
import type { ResourcesUnitOfWork } from "./repositories.js";
import { ResourceCategoryService } from "./resource-category/resource-category.service.js";
import { ResourceService } from "./resource/resource.service.js";
import { visibilityFor } from "./visibility.js";

export interface ResourcesContext extends RequestContext {
  resources: ResourceService;
  categories: ResourceCategoryService;
}

/** The long-lived parts every request shares. */
export interface ResourcesRuntime {
  uow: ResourcesUnitOfWork;
  replica: BusinessReplica;
}

/** Everything one request needs; its loaders live and die with it. */
export function createContext(runtime: ResourcesRuntime, viewer: Viewer | null): ResourcesContext {
  const visibility = visibilityFor(viewer);
  const access = new BusinessAccess(viewer, runtime.replica);
  const { repositories } = runtime.uow;
  const resources = new ResourceService(runtime.uow, visibility, access);
  return {
    viewer,
    resources,
    categories: new ResourceCategoryService(repositories.categories, visibility, access),
  };
}
