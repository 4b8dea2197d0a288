import type { RequestContext, Viewer } from "@booking/common";
import { BusinessService } from "./business/business.service.js";
import type { BusinessesUnitOfWork } from "./repositories.js";

export interface BusinessesContext extends RequestContext {
  businesses: BusinessService;
}

/** Everything one request needs; its loaders live and die with it. */
export function createContext(uow: BusinessesUnitOfWork, viewer: Viewer | null): BusinessesContext {
  return { viewer, businesses: new BusinessService(uow, viewer) };
}
