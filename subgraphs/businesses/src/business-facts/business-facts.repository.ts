import type { BusinessFacts } from "@booking/contracts";
import type { Prisma, PrismaClient } from "../generated/prisma/client.js";

export interface DeliveryOutcome {
  delivered: number;
  /** after a failure: when the earliest postponed row is due again */
  retryInMs: number | null;
}

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
  constructor(private readonly db: PrismaClient) {}

  /** The current facts of one business, as the outbox trigger writes them. */
  async current(id: string): Promise<BusinessFacts | null> {
    const row = await this.db.business.findUnique({ where: { id }, select: factColumns });
    return row ? { ...row, version: Number(row.version), updatedAt: row.updatedAt.toISOString() } : null;
  }

  /**
   * Claims up to `limit` due rows for the length of one transaction (several relays share
   * the work: SKIP LOCKED), hands them to `deliver`, and deletes them when it resolves or
   * postpones them by `backoffMs(attempts)` when it throws.
   */
  claimAndDeliver(limit: number, deliver: (rows: QueuedFacts[]) => Promise<void>, backoffMs: (attempts: number) => number): Promise<DeliveryOutcome> {
    return this.db.$transaction(
      async (tx) => {
        const due = await tx.$queryRaw<QueuedFacts[]>`
          SELECT id, facts, attempts FROM business_facts_outbox
          WHERE send_after <= now()
          ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
        if (due.length === 0) return { delivered: 0, retryInMs: null };
        try {
          await deliver(due);
        } catch (error) {
          const message = (error as Error).message.slice(0, 500);
          let retryInMs = Number.POSITIVE_INFINITY;
          for (const row of due) {
            const delay = backoffMs(row.attempts);
            retryInMs = Math.min(retryInMs, delay);
            await tx.businessFactsOutbox.update({
              where: { id: row.id },
              data: { attempts: { increment: 1 }, lastError: message, sendAfter: new Date(Date.now() + delay) },
            });
          }
          return { delivered: 0, retryInMs };
        }
        await tx.businessFactsOutbox.deleteMany({ where: { id: { in: due.map((row) => row.id) } } });
        return { delivered: due.length, retryInMs: null };
      },
      { timeout: 30_000 },
    );
  }

  /** Makes rows waiting out a backoff due now; returns how many. */
  async releaseDeferred(): Promise<number> {
    return this.db.businessFactsOutbox.updateMany({ where: { sendAfter: { gt: new Date() } }, data: { sendAfter: new Date() } }).then((result) => result.count);
  }
}
