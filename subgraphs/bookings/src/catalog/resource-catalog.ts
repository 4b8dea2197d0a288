import { callInternal } from "@booking/common";
import { RESOURCE_FACTS_BATCH_LIMIT, RESOURCE_FACTS_BATCH_PATH, RESOURCE_FACTS_PATH, type ResourceFacts, type ResourceFactsBatch, type ResourceFactsBatchRequest, type ResourceFactsRequest } from "@booking/contracts";

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

  /** Many resources and their businesses, in one call per 100; unknown ids are left out. */
  async factsOfMany(resourceIds: readonly string[]): Promise<ResourceFacts[]> {
    const answers = await Promise.all(
      chunks(resourceIds, RESOURCE_FACTS_BATCH_LIMIT).map((chunk) =>
        callInternal<ResourceFactsBatch>(this.resourcesUrl, RESOURCE_FACTS_BATCH_PATH, { resourceIds: chunk } satisfies ResourceFactsBatchRequest, { audience: "resources", internalSecret: this.internalSecret }),
      ),
    );
    return answers.flatMap((answer) => answer?.facts ?? []);
  }
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let index = 0; index < items.length; index += size) result.push(items.slice(index, index + size));
  return result;
}
