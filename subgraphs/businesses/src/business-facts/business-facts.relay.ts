import { callInternal } from "@booking/common";
import { BUSINESS_FACTS_PATH, type BusinessFactsBatch } from "@booking/contracts";
import type { BusinessesUnitOfWork } from "../repositories.js";

export interface BusinessFactsRelayOptions {
  /** The resources subgraph's /graphql URL; the facts endpoint lives beside it. */
  resourcesUrl: string;
  internalSecret: string;
  /** Rows per call. @default 100 */
  batchSize?: number;
  /** @default 60000 */
  maxBackoffMs?: number;
}

/**
 * Delivers the business facts outbox to the resources subgraph, at least once: claims due
 * rows, posts them in one signed call, deletes them when resources accepted them, and on
 * failure retries with exponential backoff. Resources applies them idempotently (by version),
 * so duplicates and reordering are harmless.
 *
 * It runs when there is something to do, never idly: once at start (rows a stopped instance
 * left behind), after every change this instance commits (`flush`), and when a postponed
 * row falls due. A delivery that succeeds means resources answers again, so rows waiting out
 * a backoff are released at once.
 */
export class BusinessFactsRelay {
  private retryTimer: NodeJS.Timeout | null = null;
  private retryAt = Number.POSITIVE_INFINITY;
  private pass: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly uow: BusinessesUnitOfWork,
    private readonly options: BusinessFactsRelayOptions,
  ) {}

  /** Delivers what earlier runs left behind; resolves when that pass is over. */
  start(): Promise<void> {
    return this.wake();
  }

  /**
   * Delivers what is due; resolves after a pass that began after this call (so a caller that
   * just committed a change knows its row was tried). Never rejects.
   */
  wake(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.pass) {
      this.again = true;
      return this.pass;
    }
    this.pass = (async () => {
      do {
        this.again = false;
        try {
          await this.deliverAll();
        } catch (error) {
          // A failed pass (the database busy or away) tries again rather than waiting for a mutation.
          console.error("business facts relay:", error);
          this.retryIn(this.backoffMs(1));
        }
      } while (this.again && !this.stopped);
    })().finally(() => {
      this.pass = null;
    });
    return this.pass;
  }

  /** Wakes the relay and waits for its pass, at most `timeoutMs`: a slow resources never holds a mutation up for long. */
  async flush(timeoutMs = 2_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.wake(), new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.pass;
  }

  private async deliverAll(): Promise<void> {
    const batchSize = this.options.batchSize ?? 100;
    let deliveredAny = false;
    for (;;) {
      const outcome = await this.deliverBatch(batchSize);
      if (outcome.retryInMs !== null) {
        this.retryIn(outcome.retryInMs);
        return;
      }
      if (outcome.delivered > 0) deliveredAny = true;
      if (outcome.delivered === batchSize) continue;
      if (deliveredAny && (await this.uow.repositories.facts.releaseDeferred()) > 0) {
        deliveredAny = false;
        continue;
      }
      // Rows still waiting out a backoff get their wake-up here: a pass that finds none due
      // (a timer that fired a hair early, a wake from elsewhere) must not leave them to the
      // next mutation, which may never come.
      const next = await this.uow.repositories.facts.nextSendAfter();
      if (next) this.retryIn(Math.max(next.getTime() - Date.now(), 0) + 5);
      return;
    }
  }

  /**
   * Claims up to `limit` due rows for one transaction (several relays share the work), posts
   * them, and deletes them when resources accepted them or postpones each by its backoff.
   */
  private deliverBatch(limit: number): Promise<{ delivered: number; retryInMs: number | null }> {
    return this.uow.transaction(
      async ({ facts }) => {
        const due = await facts.claimDue(limit);
        if (due.length === 0) return { delivered: 0, retryInMs: null };
        try {
          await this.post(due.map((row) => row.facts));
        } catch (error) {
          const message = (error as Error).message.slice(0, 500);
          let retryInMs = Number.POSITIVE_INFINITY;
          for (const row of due) {
            const delay = this.backoffMs(row.attempts);
            retryInMs = Math.min(retryInMs, delay);
            await facts.postpone(row.id, message, new Date(Date.now() + delay));
          }
          return { delivered: 0, retryInMs };
        }
        await facts.delete(due.map((row) => row.id));
        return { delivered: due.length, retryInMs: null };
      },
      { timeout: 30_000 },
    );
  }

  private async post(facts: BusinessFactsBatch["facts"]): Promise<void> {
    const accepted = await callInternal<{ applied: number }>(this.options.resourcesUrl, BUSINESS_FACTS_PATH, { facts } satisfies BusinessFactsBatch, {
      audience: "resources",
      internalSecret: this.options.internalSecret,
    });
    if (accepted === null) throw new Error(`resources has no ${BUSINESS_FACTS_PATH}`);
  }

  private backoffMs(attempts: number): number {
    return Math.min(this.options.maxBackoffMs ?? 60_000, 2 ** attempts * 500);
  }

  /** Wakes the relay when the earliest postponed row falls due. */
  private retryIn(delayMs: number): void {
    const at = Date.now() + delayMs;
    if (this.stopped || at >= this.retryAt) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryAt = at;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.retryAt = Number.POSITIVE_INFINITY;
      void this.wake();
    }, delayMs);
    this.retryTimer.unref();
  }
}
