import type { GraphQLDataSource } from "@apollo/gateway";

/** What a subgraph fetch answers, as the gateway reads it. */
export type SubgraphResponse = Awaited<ReturnType<GraphQLDataSource["process"]>>;

/**
 * One entity fetch's representations with duplicates taken out. The gateway sends one
 * representation per entity it met (50 bookings of one customer: 50 `{ __typename: "User", id }`);
 * the subgraph needs each distinct one once, and `expand` gives the gateway the answer it
 * expects back: one `_entities` item per representation it sent, errors at their positions.
 */
export interface CollapsedRepresentations {
  /** Each distinct representation once, in the order first met. */
  distinct: unknown[];
  /** The subgraph's answer to `distinct`, fanned back out to the original positions. */
  expand(response: SubgraphResponse): SubgraphResponse;
}

/** null when there is nothing to collapse (not an entity fetch, or no duplicates). */
export function collapseRepresentations(representations: unknown): CollapsedRepresentations | null {
  if (!Array.isArray(representations) || representations.length < 2) return null;
  const slotByKey = new Map<string, number>();
  const distinct: unknown[] = [];
  // The gateway builds every representation from one selection set, so identical entities
  // serialise to identical JSON (same keys, same order).
  const slotOf = representations.map((representation) => {
    const key = JSON.stringify(representation);
    let slot = slotByKey.get(key);
    if (slot === undefined) {
      slot = distinct.length;
      slotByKey.set(key, slot);
      distinct.push(representation);
    }
    return slot;
  });
  if (distinct.length === representations.length) return null;
  return { distinct, expand: (response) => expandEntities(response, slotOf, distinct.length) };
}

function expandEntities(response: SubgraphResponse, slotOf: number[], distinctCount: number): SubgraphResponse {
  const entities: unknown = response.data?._entities;
  // Anything else (no data, a wrong count) stays as the subgraph sent it: the gateway reports it.
  const data = Array.isArray(entities) && entities.length === distinctCount ? { ...response.data, _entities: slotOf.map((slot) => entities[slot]) } : response.data;
  if (!response.errors?.length) return { ...response, data };
  const positionsOf: number[][] = Array.from({ length: distinctCount }, () => []);
  slotOf.forEach((slot, position) => positionsOf[slot]!.push(position));
  // An error at one distinct entity is the error every duplicate of it would have had.
  const errors = response.errors.flatMap((error) => {
    const [root, slot, ...rest] = error.path ?? [];
    if (root !== "_entities" || typeof slot !== "number" || !positionsOf[slot]) return [error];
    return positionsOf[slot].map((position) => ({ ...error, path: ["_entities", position, ...rest] }));
  });
  return { ...response, data, errors };
}
