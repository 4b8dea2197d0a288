import type { BusinessStatus, BusinessType, PriceUnit, ResourceStatus, ResourceType } from "./enums.js";

/**
 * What the catalog subgraphs (businesses, resources) tell other services over their signed
 * internal endpoints (`callInternal` / `internalRoute`). Declared once here so callers and
 * servers agree on paths and shapes.
 */

/** resources: `POST { resourceId }` -> `ResourceFacts`, or 404 when no such resource (or a malformed id). */
export const RESOURCE_FACTS_PATH = "/internal/resource-facts";

export interface ResourceFactsRequest {
  resourceId: string;
}

/** resources: `POST { resourceIds }` (at most 100) -> `{ facts }`: many resources' facts in one call (unknown ids are left out). */
export const RESOURCE_FACTS_BATCH_PATH = "/internal/resource-facts/batch";
export const RESOURCE_FACTS_BATCH_LIMIT = 100;

export interface ResourceFactsBatchRequest {
  resourceIds: string[];
}

export interface ResourceFactsBatch {
  facts: ResourceFacts[];
}

/**
 * A resource and its business as a booking needs them, whatever their status (the caller
 * decides what is bookable). `price` is the stored NUMERIC(12,2) as a string with exactly
 * 2 decimals, e.g. "150.00"; opening hours are local to `business.timezone`.
 */
export interface ResourceFacts {
  resource: {
    id: string;
    businessId: string;
    name: string;
    type: ResourceType;
    status: ResourceStatus;
    price: string;
    currency: string;
    priceUnit: PriceUnit;
    capacity: number;
    slotMinutes: number | null;
    openingHours: { dayOfWeek: number; opens: string; closes: string }[];
    freeCancellationHours: number;
  };
  business: {
    id: string;
    ownerId: string;
    name: string;
    status: BusinessStatus;
    timezone: string;
  };
}

/** businesses: `POST { businessId }` -> `BusinessFacts`, or 404 when no such business. */
export const BUSINESS_FACTS_GET_PATH = "/internal/business-facts/get";

/**
 * What resources keeps of each business (its replica): businesses publishes every change as a
 * `business.facts_changed` event (see events.ts), delivered at least once and in any order;
 * resources keeps the highest `version` of each business.
 */
export interface BusinessFacts {
  id: string;
  ownerId: string;
  name: string;
  type: BusinessType;
  city: string | null;
  timezone: string;
  status: BusinessStatus;
  /** grows by one with every change of the business; a replica ignores anything not newer than what it has */
  version: number;
  /** ISO-8601 instant of that change */
  updatedAt: string;
}

export interface BusinessFactsGetRequest {
  businessId: string;
}
