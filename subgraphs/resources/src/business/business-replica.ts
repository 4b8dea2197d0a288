import { AppError, callInternal, normaliseId } from "@booking/common";
import { BUSINESS_FACTS_GET_PATH, BusinessStatus, BusinessType, type BusinessFacts, type BusinessFactsGetRequest } from "@booking/contracts";
import type { ResourcesRepositories, ResourcesUnitOfWork } from "../repositories.js";
import type { ReplicaBusiness } from "./business.repository.js";

export interface BusinessReplicaOptions {
  /** The businesses subgraph's /graphql URL; its facts endpoint lives beside it. */
  businessesUrl: string;
  internalSecret: string;
}

const BUSINESS_TYPES = new Set<string>(Object.values(BusinessType));
const BUSINESS_STATUSES = new Set<string>(Object.values(BusinessStatus));

/**
 * Stores facts in the replica, the newest version of each business winning (in the statement
 * too: a version not newer than the stored one changes nothing, so redeliveries and any order
 * are harmless); returns how many rows changed. Malformed facts are refused whole. A business
 * that became ACTIVE again makes its ACTIVE resources bookable: bookings hears of each from the
 * same transaction (call this inside one) and serves their waitlists.
 */
export async function applyBusinessFacts({ businesses, bookability }: Pick<ResourcesRepositories, "businesses" | "bookability">, facts: unknown): Promise<number> {
  if (!Array.isArray(facts) || !facts.every(isBusinessFacts)) throw new Error("malformed business facts");
  const newest = new Map<string, BusinessFacts>();
  for (const fact of facts) {
    const id = fact.id.toLowerCase();
    if ((newest.get(id)?.version ?? -1) < fact.version) newest.set(id, { ...fact, id, ownerId: fact.ownerId.toLowerCase() });
  }
  if (newest.size === 0) return 0;
  const { changed, activated } = await businesses.apply([...newest.values()]);
  if (activated.length > 0) await bookability.announce(await bookability.activeResourcesOf(activated), "BUSINESS_ACTIVE");
  return changed;
}

/**
 * This subgraph's copy of the business facts it needs (owner, status, type, city, time zone).
 * Businesses publishes every change as a `business.facts_changed` event (at least once, any
 * order; see business-facts.consumer.ts); a write that depends on a business asks businesses
 * for the current facts first (`current`), so it never races the event that follows a
 * createBusiness or verifyBusiness.
 */
export class BusinessReplica {
  constructor(
    private readonly uow: ResourcesUnitOfWork,
    private readonly options: BusinessReplicaOptions,
  ) {}

  /**
   * The business as businesses knows it now, stored in the replica on the way; null when it
   * does not exist. When businesses cannot answer, the replica's row stands in (ownership
   * never changes); without one the write fails with SERVICE_UNAVAILABLE.
   */
  async current(businessId: string): Promise<ReplicaBusiness | null> {
    const id = normaliseId(businessId);
    if (!id) return null;
    let facts: BusinessFacts | null;
    try {
      facts = await callInternal<BusinessFacts>(this.options.businessesUrl, BUSINESS_FACTS_GET_PATH, { businessId: id } satisfies BusinessFactsGetRequest, {
        audience: "businesses",
        internalSecret: this.options.internalSecret,
      });
    } catch (error) {
      const known = await this.uow.repositories.businesses.find(id);
      if (known && error instanceof AppError && error.code === "SERVICE_UNAVAILABLE") return known;
      throw error;
    }
    if (facts === null) return null;
    await this.uow.transaction((repositories) => applyBusinessFacts(repositories, [facts]));
    return this.uow.repositories.businesses.find(id);
  }
}

function isBusinessFacts(value: unknown): value is BusinessFacts {
  const facts = value as BusinessFacts;
  return (
    typeof facts === "object" &&
    facts !== null &&
    typeof facts.id === "string" &&
    normaliseId(facts.id) !== null &&
    typeof facts.ownerId === "string" &&
    normaliseId(facts.ownerId) !== null &&
    typeof facts.name === "string" &&
    BUSINESS_TYPES.has(facts.type) &&
    (facts.city === null || typeof facts.city === "string") &&
    typeof facts.timezone === "string" &&
    BUSINESS_STATUSES.has(facts.status) &&
    Number.isSafeInteger(facts.version) &&
    typeof facts.updatedAt === "string" &&
    !Number.isNaN(Date.parse(facts.updatedAt))
  );
}
