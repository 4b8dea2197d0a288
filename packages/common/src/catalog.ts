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
    type: "HOTEL_ROOM" | "DOCTOR_SLOT" | "SALON_CHAIR" | "DESK" | "OTHER";
    status: "ACTIVE" | "INACTIVE" | "MAINTENANCE" | "DELETED";
    price: string;
    currency: string;
    priceUnit: "HOUR" | "DAY" | "NIGHT" | "SLOT";
    capacity: number;
    slotMinutes: number | null;
    openingHours: { dayOfWeek: number; opens: string; closes: string }[];
    freeCancellationHours: number;
  };
  business: {
    id: string;
    ownerId: string;
    name: string;
    status: BusinessStatusName;
    timezone: string;
  };
}

export type BusinessStatusName = "PENDING" | "ACTIVE" | "INACTIVE" | "SUSPENDED" | "DELETED";
