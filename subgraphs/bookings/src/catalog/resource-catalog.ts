import { callInternal } from "@booking/common";
import { RESOURCE_BLOCKS_PATH, RESOURCE_FACTS_PATH, type ResourceBlocks, type ResourceBlocksRequest, type ResourceFacts, type ResourceFactsRequest } from "@booking/contracts";
import type { Interval } from "../schedule/opening-hours.js";

/**
 * What bookings reads from the resources subgraph over its signed internal endpoints. Either
 * call throws SERVICE_UNAVAILABLE when resources cannot answer; null means no such resource.
 */
export class ResourceCatalog {
  constructor(
    private readonly resourcesUrl: string,
    private readonly internalSecret: string,
  ) {}

  /** A resource and its business, whatever their status. */
  facts(resourceId: string): Promise<ResourceFacts | null> {
    return callInternal<ResourceFacts>(this.resourcesUrl, RESOURCE_FACTS_PATH, { resourceId } satisfies ResourceFactsRequest, { internalSecret: this.internalSecret });
  }

  /** The resource's blocks that overlap [from, to). */
  async blocks(resourceId: string, from: Date, to: Date): Promise<Interval[] | null> {
    const request: ResourceBlocksRequest = { resourceId, from: from.toISOString(), to: to.toISOString() };
    const answer = await callInternal<ResourceBlocks>(this.resourcesUrl, RESOURCE_BLOCKS_PATH, request, { internalSecret: this.internalSecret });
    return answer ? answer.blocks.map((block) => ({ start: Date.parse(block.start), end: Date.parse(block.end) })) : null;
  }
}
