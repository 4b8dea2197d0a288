import type { Prisma } from "../generated/prisma/client.js";

/** The columns of a block as the API shows it; the block mutations' queries select these. */
export const blockColumns = {
  id: true,
  resourceId: true,
  startTime: true,
  endTime: true,
  reason: true,
} satisfies Prisma.ResourceBlockSelect;

export type ResourceBlockRow = Prisma.ResourceBlockGetPayload<{ select: typeof blockColumns }>;
