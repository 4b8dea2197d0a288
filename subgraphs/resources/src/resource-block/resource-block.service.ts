import { ResourceStatus } from "@booking/contracts";
import { badInput, normaliseId, notFound, optionalText } from "@booking/common";
import type { BusinessAccess } from "../business/business-access.js";
import type { ResourceService } from "../resource/resource.service.js";
import type { ResourceBlockRepository, ResourceBlockRow } from "./resource-block.repository.js";

export const BLOCK_REASON_LIMIT = 500;

/** The rules about blocks: the resource's owner or an admin puts them on and takes them off. */
export class ResourceBlockService {
  constructor(
    private readonly blocks: ResourceBlockRepository,
    private readonly resources: ResourceService,
    private readonly access: BusinessAccess,
  ) {}

  async block(resourceId: string, start: Date, end: Date, reason: string | null | undefined): Promise<ResourceBlockRow> {
    const resource = await this.resources.manageable(resourceId);
    if (end.getTime() <= start.getTime()) throw badInput("end", "end must be after start");
    return this.blocks.insert({
      resourceId: resource.id,
      startTime: start,
      endTime: end,
      reason: optionalText(reason, "reason", BLOCK_REASON_LIMIT) ?? null,
    });
  }

  /** NOT_FOUND for unknown, malformed or already removed blocks, and for blocks of resources the caller may not know exist. */
  async unblock(blockId: string): Promise<boolean> {
    this.access.requireManager();
    const id = normaliseId(blockId);
    const block = id ? await this.blocks.findWithResource(id) : null;
    if (!block) throw notFound("Block");
    await this.access.assertCanManagePartOf("Block", block.resource.businessId, (business) => business.status === "ACTIVE" && block.resource.status === ResourceStatus.ACTIVE);
    if (!(await this.blocks.delete(block.id))) throw notFound("Block");
    return true;
  }
}
