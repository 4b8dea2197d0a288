import type { BusinessFacts } from "@booking/contracts";
import type { DbClient } from "../business/business.repository.js";
import type { Prisma } from "../generated/prisma/client.js";

export interface QueuedFacts {
  id: bigint;
  facts: BusinessFacts;
  attempts: number;
}

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

/** SQL for the facts outbox and the facts themselves; no rules. */
export class BusinessFactsRepository {
  constructor(private readonly db: DbClient) {}

  /** The current facts of one business, as the outbox trigger writes them. */
  async current(id: string): Promise<BusinessFacts | null> {
    const row = await this.db.business.findUnique({ where: { id }, select: factColumns });
    return row ? { ...row, version: Number(row.version), updatedAt: row.updatedAt.toISOString() } : null;
  }

  /** Up to `limit` due rows, locked for this transaction; rows another relay holds are skipped. */
  claimDue(limit: number): Promise<QueuedFacts[]> {
    return this.db.$queryRaw<QueuedFacts[]>`
      SELECT id, facts, attempts FROM business_facts_outbox
      WHERE send_after <= clock_timestamp()
      ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
  }

  /** When the earliest row waiting out a backoff falls due; null when none waits. */
  async nextSendAfter(): Promise<Date | null> {
    const earliest = await this.db.businessFactsOutbox.findFirst({ select: { sendAfter: true }, orderBy: { sendAfter: "asc" } });
    return earliest?.sendAfter ?? null;
  }

  async postpone(id: bigint, lastError: string, sendAfter: Date): Promise<void> {
    await this.db.businessFactsOutbox.update({ where: { id }, data: { attempts: { increment: 1 }, lastError, sendAfter } });
  }

  async delete(ids: readonly bigint[]): Promise<void> {
    await this.db.businessFactsOutbox.deleteMany({ where: { id: { in: [...ids] } } });
  }

  /** Makes rows waiting out a backoff due now; returns how many. */
  async releaseDeferred(): Promise<number> {
    return this.db.businessFactsOutbox.updateMany({ where: { sendAfter: { gt: new Date() } }, data: { sendAfter: new Date() } }).then((result) => result.count);
  }
}
