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
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly bookings: BookingChangeRepository,
    options: HoldExpiryOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.maxSleepMs = options.maxSleepMs ?? 1_000;
  }

  start(): void {
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
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

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick().finally(() => (this.running = null));
    }, delayMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    let delay = this.maxSleepMs;
    try {
      await this.releaseExpiredHolds();
      const next = await this.bookings.nextHoldExpiry();
      // a few milliseconds late, so the database's clock has passed it too
      if (next) delay = Math.min(this.maxSleepMs, Math.max(5, next.getTime() - Date.now() + 5));
    } catch (error) {
      if (!this.stopped) console.error("hold expiry:", error);
    }
    this.schedule(delay);
  }
}
