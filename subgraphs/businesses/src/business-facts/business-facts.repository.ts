import type { BusinessFacts } from "@booking/contracts";
import type { DbClient } from "../business/business.repository.js";
import type { Prisma } from "../generated/prisma/client.js";

const factColumns = {
  id: true,
  ownerId: true,
  name: true,
  type: true,
  city: true,
  timezone: true,
  status: true,
  version: true,
  updatedAt: true,
} satisfies Prisma.BusinessSelect;

/**
 * The facts resources replicates, read on request; no rules. Their changes leave as
 * `business.facts_changed` events, written by a trigger (migration 20261202100000).
 */
export class BusinessFactsRepository {
  constructor(private readonly db: DbClient) {}

  /** The current facts of one business, as the trigger publishes them. */
  async current(id: string): Promise<BusinessFacts | null> {
    const row = await this.db.business.findUnique({ where: { id }, select: factColumns });
    return row ? { ...row, version: Number(row.version), updatedAt: row.updatedAt.toISOString() } : null;
  }
}
