import { internalRoute, normaliseId } from "@booking/common";
import { RESOURCE_BLOCKS_PATH, type ResourceBlocks, type ResourceBlocksRequest } from "@booking/contracts";
import type express from "express";
import type { ResourceBlockRepository } from "./resource-block.repository.js";

/**
 * bookings asks here, signed, which blocks of a resource overlap a range it is about to book
 * or to show as available: `{ resourceId, from, to }` -> `{ blocks: [{ start, end }] }`, 404
 * when no such resource. Written by the bookings engineer: one file, registered in subgraph.ts.
 */
export function serveResourceBlocks(app: express.Express, blocks: ResourceBlockRepository, internalSecret: string): void {
  internalRoute(app, RESOURCE_BLOCKS_PATH, internalSecret, async (body: ResourceBlocksRequest | null): Promise<ResourceBlocks | null> => {
    const id = typeof body?.resourceId === "string" ? normaliseId(body.resourceId) : null;
    const from = new Date(typeof body?.from === "string" ? body.from : Number.NaN);
    const to = new Date(typeof body?.to === "string" ? body.to : Number.NaN);
    if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) throw new Error("from and to must be ISO-8601 instants");
    if (!id) return null;
    const overlapping = await blocks.overlapping(id, from, to);
    if (!overlapping) return null;
    return { blocks: overlapping.map((block) => ({ start: block.startTime.toISOString(), end: block.endTime.toISOString() })) };
  });
}
