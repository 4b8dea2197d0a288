import type { Prisma } from "../generated/prisma/client.js";
import type { DbClient } from "../resource/resource.repository.js";

/** The columns of a block as the API shows it; the block mutations' queries select these. */
export const blockColumns = {
  id: true,
  resourceId: true,
  startTime: true,
  endTime: true,
  reason: true,
} satisfies Prisma.ResourceBlockSelect;

export type ResourceBlockRow = Prisma.ResourceBlockGetPayload<{ select: typeof blockColumns }>;

/** A block with what deciding who may remove it needs. */
export type ResourceBlockWithResource = ResourceBlockRow & { resource: { businessId: string; status: string } };

/** SQL for resource blocks; no rules. */
export class ResourceBlockRepository {
  constructor(private readonly db: DbClient) {}

  insert(data: { resourceId: string; startTime: Date; endTime: Date; reason: string | null }): Promise<ResourceBlockRow> {
    return this.db.resourceBlock.create({ data, select: blockColumns });
  }

  findWithResource(id: string): Promise<ResourceBlockWithResource | null> {
    return this.db.resourceBlock.findUnique({ where: { id }, select: { ...blockColumns, resource: { select: { businessId: true, status: true } } } });
  }

  /** The blocks of a resource that overlap [from, to), by start; null when there is no such resource. */
  async overlapping(resourceId: string, from: Date, to: Date): Promise<{ startTime: Date; endTime: Date }[] | null> {
    const resource = await this.db.resource.findUnique({
      where: { id: resourceId },
      select: { blocks: { where: { startTime: { lt: to }, endTime: { gt: from } }, orderBy: { startTime: "asc" }, select: { startTime: true, endTime: true } } },
    });
    return resource?.blocks ?? null;
  }

  /** Whether a row was deleted (false when someone else removed it first). */
  async delete(id: string): Promise<boolean> {
    return (await this.db.resourceBlock.deleteMany({ where: { id } })).count > 0;
  }
}
