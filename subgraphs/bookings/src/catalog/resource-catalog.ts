import { callInternal } from "@booking/common";
import { RESOURCE_FACTS_PATH, type ResourceFacts, type ResourceFactsRequest } from "@booking/contracts";

/**
 * What bookings reads from the resources subgraph over its signed internal endpoint. Throws
 * SERVICE_UNAVAILABLE when resources cannot answer; null means no such resource. (Blocks are
 * bookings' own: see resource-block/.)
 */
export class ResourceCatalog {
  constructor(
    private readonly resourcesUrl: string,
    private readonly internalSecret: string,
  ) {}

  /** A resource and its business, whatever their status. */
  facts(resourceId: string): Promise<ResourceFacts | null> {
    return callInternal<ResourceFacts>(this.resourcesUrl, RESOURCE_FACTS_PATH, { resourceId } satisfies ResourceFactsRequest, { audience: "resources", internalSecret: this.internalSecret });
  }
}
