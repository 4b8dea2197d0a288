import { startLoop, type BackgroundLoop } from "@booking/common";
import type { BookingChangeRepository } from "../booking/booking-changes.repository.js";

export interface HoldExpiryOptions {
  /** holds expired per statement @default 500 */
  batchSize?: number;
  /** the longest it sleeps, so holds made by other instances are seen in time @default 1000 */
  maxSleepMs?: number;
}

/**
 * Releases expired holds: HOLD -> EXPIRED when holdExpiresAt passes, with history and outbox
 * rows. It wakes when the next known hold runs out (at least once a second), and any number of
 * instances can run it at once: each sweep skips rows another instance is expiring.
 */
export class HoldExpiry {
  private readonly batchSize: number;
  private readonly maxSleepMs: number;
  private loop: BackgroundLoop | null = null;

  constructor(
    private readonly bookings: BookingChangeRepository,
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

  /** Expires every overdue hold now; returns how many this instance expired. */
  async releaseExpiredHolds(): Promise<number> {
    let total = 0;
    for (;;) {
      const expired = await this.bookings.expireOverdueHolds(this.batchSize);
      total += expired;
      if (expired < this.batchSize) return total;
    }
  }

  /** Expires what is overdue; answers how long to sleep: until the next known hold runs out. */
  private async sweep(): Promise<number | void> {
    await this.releaseExpiredHolds();
    const next = await this.bookings.nextHoldExpiry();
    // a few milliseconds late, so the database's clock has passed it too
    if (next) return Math.max(5, next.getTime() - Date.now() + 5);
  }
}
