import type { UnitOfWorkOf } from "@booking/common";
import { BusinessFactsRepository } from "./business-facts/business-facts.repository.js";
import { BusinessRepository, type DbClient } from "./business/business.repository.js";

/** Every repository of the businesses database, on one client (the pool or a transaction's). */
export function businessesRepositories(db: DbClient) {
  return {
    businesses: new BusinessRepository(db),
    facts: new BusinessFactsRepository(db),
  };
}

/** What services get: repositories on the pool, and transactions over them. */
export type BusinessesUnitOfWork = UnitOfWorkOf<typeof businessesRepositories>;
