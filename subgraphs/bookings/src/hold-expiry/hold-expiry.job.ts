import { startLoop, type BackgroundLoop } from "@booking/common";
import { BOOKING_TRANSACTION } from "../booking/booking-reservation.service.js";
import type { BookingsUnitOfWork } from "../repositories.js";
import type { WaitlistLine } from "../waitlist/waitlist-line.js";

export interface HoldExpiryOptions {
  /** holds expired per statement @default 500 */
  batchSize?: number;
  /** the longest it sleeps, so holds made by other instances are seen in time @default 1000 */
  maxSleepMs?: number;
}

/**
 * Releases expired holds: HOLD -> EXPIRED when holdExpiresAt passes, with history and outbox
 * rows. A resource with a waitlist is expired in a transaction of its own, under its lock, and
 * its line served there (the freed units go to the line first); the others in bulk statements.
 * WAITING entries whose range has started become EXPIRED. It wakes when the next known hold runs
 * out (at least once a second), and any number of instances can run it at once: each bulk sweep
 * skips rows another instance is expiring.
 */
export class HoldExpiry {
  private readonly batchSize: number;
  private readonly maxSleepMs: number;
  private loop: BackgroundLoop | null = null;

  constructor(
    private readonly uow: BookingsUnitOfWork,
    private readonly line: WaitlistLine,
    options: HoldExpiryOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.maxSleepMs = options.maxSleepMs ?? 1_000;
  }

  start(): void {
    // Failing or not, it never sleeps longer than maxSleepMs: holds must expire on time once the database answers.
    this.loop = startLoop({ name: "hold expiry", idleMs: this.maxSleepMs, maxBackoffMs: this.maxSleepMs, run: () => this.sweep() });
  }

  async stop(): Promise<void> {
    await this.loop?.stop();
  }

  /** Expires every overdue hold now (serving the lines they free); returns how many bulk expiries this instance made. */
  async releaseExpiredHolds(): Promise<number> {
    const { changes } = this.uow.repositories;
    for (;;) {
      const resources = await changes.resourcesToServe(this.batchSize);
      for (const resourceId of resources) {
        await this.uow.transaction((repositories) => this.line.serveResource(repositories, resourceId), BOOKING_TRANSACTION);
      }
      if (resources.length < this.batchSize) break;
    }
    let total = 0;
    for (;;) {
      const expired = await changes.expireOverdueHolds(this.batchSize);
      total += expired;
      if (expired < this.batchSize) return total;
    }
  }

  /** Expires what is overdue; answers how long to sleep: until the next known hold runs out. */
  private async sweep(): Promise<number | void> {
    await this.releaseExpiredHolds();
    await this.uow.repositories.waitlist.expireStartedEntries();
    const next = await this.uow.repositories.changes.nextHoldExpiry();
    // a few milliseconds late, so the database's clock has passed it too
    if (next) return Math.max(5, next.getTime() - Date.now() + 5);
  }
}
