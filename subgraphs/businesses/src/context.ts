import type { RequestContext, Viewer } from "@booking/common";
import { BusinessRepository } from "./business/business.repository.js";
import { BusinessService, type FactsPublisher } from "./business/business.service.js";
import type { PrismaClient } from "./generated/prisma/client.js";

export interface BusinessesContext extends RequestContext {
  businesses: BusinessService;
}

/** Everything one request needs; its loaders live and die with it. */
export function createContext(db: PrismaClient, viewer: Viewer | null, facts: FactsPublisher): BusinessesContext {
  return { viewer, businesses: new BusinessService(new BusinessRepository(db), viewer, facts) };
}
