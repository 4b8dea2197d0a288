import type { UnitOfWorkOf } from "@booking/common";
import { EventInboxRepository } from "@booking/events";
import { BusinessReplicaRepository } from "./business/business.repository.js";
import { ResourceCategoryRepository } from "./resource-category/resource-category.repository.js";
import { BookabilityRepository } from "./resource/bookability.repository.js";
import { ResourceRepository, type DbClient } from "./resource/resource.repository.js";

/** Every repository of the resources database, on one client (the pool or a transaction's). */
export function resourcesRepositories(db: DbClient) {
  return {
    resources: new ResourceRepository(db),
    categories: new ResourceCategoryRepository(db),
    businesses: new BusinessReplicaRepository(db),
    bookability: new BookabilityRepository(db),
    inbox: new EventInboxRepository(db),
  };
}

/** What services get: repositories on the pool, and transactions over them. */
export type ResourcesUnitOfWork = UnitOfWorkOf<typeof resourcesRepositories>;
export type ResourcesRepositories = ResourcesUnitOfWork["repositories"];
