import { normaliseId, wellFormedIds } from "@booking/common";
import { RESOURCE_FACTS_BATCH_LIMIT, type ResourceFacts, type ResourceFactsBatch, type ResourceFactsBatchRequest, type ResourceFactsRequest } from "@booking/contracts";
import type { OpeningHours } from "./resource.type.js";
import type { ResourceRepository } from "./resource.repository.js";

/**
 * The internal read bookings make at booking time: a resource and its business, whatever
 * their status (the caller decides what is bookable); null (404) when unknown or malformed.
 */
export async function resourceFacts(resources: ResourceRepository, request: ResourceFactsRequest | null): Promise<ResourceFacts | null> {
  const id = typeof request?.resourceId === "string" ? normaliseId(request.resourceId) : null;
  if (!id) return null;
  const row = await resources.findWithBusiness(id);
  return row ? factsOf(row) : null;
}

/** The same for many resources in one query: `{ resourceIds }` (at most 100) -> `{ facts }`, unknown and malformed ids left out. */
export async function resourceFactsBatch(resources: ResourceRepository, request: ResourceFactsBatchRequest | null): Promise<ResourceFactsBatch> {
  const requested = Array.isArray(request?.resourceIds) ? request.resourceIds.filter((id): id is string => typeof id === "string") : [];
  if (requested.length > RESOURCE_FACTS_BATCH_LIMIT) throw new Error(`at most ${RESOURCE_FACTS_BATCH_LIMIT} resourceIds per request`);
  const ids = wellFormedIds(requested);
  return { facts: ids.length === 0 ? [] : (await resources.findManyWithBusiness(ids)).map(factsOf) };
}

function factsOf(row: NonNullable<Awaited<ReturnType<ResourceRepository["findWithBusiness"]>>>): ResourceFacts {
  return {
    resource: {
      id: row.id,
      businessId: row.businessId,
      name: row.name,
      type: row.type,
      status: row.status,
      // the column is NUMERIC(12,2): always two decimals, exact
      price: row.price.toFixed(2),
      currency: row.currency,
      priceUnit: row.priceUnit,
      capacity: row.capacity,
      slotMinutes: row.slotMinutes,
      // the column's CHECK constraint guarantees this shape
      openingHours: (row.openingHours as unknown as OpeningHours[]).map(({ dayOfWeek, opens, closes }) => ({ dayOfWeek, opens, closes })),
      freeCancellationHours: row.freeCancellationHours,
    },
    business: { id: row.business.id, ownerId: row.business.ownerId, name: row.business.name, status: row.business.status, timezone: row.business.timezone },
  };
}
