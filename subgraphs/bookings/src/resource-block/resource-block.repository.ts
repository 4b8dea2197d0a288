import type { Prisma } from "../generated/prisma/client.js";
import type { DbClient } from "../booking/booking-changes.repository.js";

/** The columns of a block as the API shows it. */
export const blockColumns = {
  id: true,
  resourceId: true,
  businessId: true,
  startTime: true,
  endTime: true,
  reason: true,
} satisfies Prisma.ResourceBlockSelect;

export type ResourceBlockRow = Prisma.ResourceBlockGetPayload<{ select: typeof blockColumns }>;

/** A block as availability and the booking check need it. */
export interface BlockedRange {
  resourceId: string;
  startTime: Date;
  endTime: Date;
}

/** SQL for resource blocks; no rules. Writers hold the resource's lock (BookingChangeRepository.lockResource). */
export class ResourceBlockRepository {
  constructor(private readonly db: DbClient) {}

  insert(data: { resourceId: string; businessId: string; startTime: Date; endTime: Date; reason: string | null }): Promise<ResourceBlockRow> {
    return this.db.resourceBlock.create({ data, select: blockColumns });
  }

  find(id: string): Promise<ResourceBlockRow | null> {
    return this.db.resourceBlock.findUnique({ where: { id }, select: blockColumns });
  }

  /** Whether a row was deleted (false when someone else removed it first). */
  async delete(id: string): Promise<boolean> {
    return (await this.db.resourceBlock.deleteMany({ where: { id } })).count > 0;
  }

  /** Whether any block of the resource meets [from, to) (half-open: touching is not meeting). */
  async anyOverlapping(resourceId: string, from: Date, to: Date): Promise<boolean> {
    const found = await this.db.resourceBlock.findFirst({ where: { resourceId, startTime: { lt: to }, endTime: { gt: from } }, select: { id: true } });
    return found !== null;
  }

  /** The blocks of many resources that meet [from, to), in one query. */
  overlappingOf(resourceIds: readonly string[], from: Date, to: Date): Promise<BlockedRange[]> {
    if (resourceIds.length === 0) return Promise.resolve([]);
    return this.db.resourceBlock.findMany({
      where: { resourceId: { in: [...resourceIds] }, startTime: { lt: to }, endTime: { gt: from } },
      orderBy: [{ resourceId: "asc" }, { startTime: "asc" }],
      select: { resourceId: true, startTime: true, endTime: true },
    });
  }
}
