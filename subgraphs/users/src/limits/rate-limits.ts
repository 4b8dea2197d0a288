import { AppError } from "@booking/common";
import { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";

/** Each limit: how many tries per window (seconds). Keys are an account, an email or an IP. */
export const RATE_LIMITS = {
  loginPerAccount: { points: 10, duration: 15 * 60 },
  loginPerIp: { points: 100, duration: 15 * 60 },
  registerPerIp: { points: 20, duration: 60 * 60 },
  codeRequestPerIp: { points: 20, duration: 60 * 60 },
  codeRequestPerEmail: { points: 5, duration: 60 * 60 },
  codeCheckPerIp: { points: 60, duration: 15 * 60 },
  codeCheckPerEmail: { points: 20, duration: 15 * 60 },
} as const;

export type RateLimitName = keyof typeof RATE_LIMITS;

export interface RateLimitOptions {
  enabled: boolean;
  /** Shares counters across instances; in memory (per process) without it. */
  redisUrl: string | null;
}

/** Rate limits on rate-limiter-flexible: memory by default, Redis when configured. */
export class RateLimits {
  private readonly limiters: Map<RateLimitName, RateLimiterAbstract> | null;
  private readonly redis: Redis | null;

  constructor(options: RateLimitOptions) {
    this.redis = options.enabled && options.redisUrl ? new Redis(options.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 }) : null;
    this.limiters = options.enabled
      ? new Map(
          (Object.entries(RATE_LIMITS) as [RateLimitName, (typeof RATE_LIMITS)[RateLimitName]][]).map(([name, limit]) => [
            name,
            this.redis
              ? new RateLimiterRedis({ storeClient: this.redis, keyPrefix: `rl:users:${name}`, ...limit, insuranceLimiter: new RateLimiterMemory(limit) })
              : new RateLimiterMemory({ keyPrefix: name, ...limit }),
          ]),
        )
      : null;
  }

  /** Spends one try of each named limit for its key; fails with RATE_LIMITED and retryAfter. */
  async consume(...checks: [RateLimitName, string | null | undefined][]): Promise<void> {
    if (!this.limiters) return;
    for (const [name, key] of checks) {
      if (!key) continue;
      try {
        await this.limiters.get(name)!.consume(key.toLowerCase());
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        const retryAfter = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
        throw new AppError("RATE_LIMITED", `Too many attempts; try again in ${retryAfter} seconds`, { retryAfter });
      }
    }
  }

  /** Waits (briefly) for Redis, so counting is shared from the first request on. */
  async ready(timeoutMs = 3_000): Promise<void> {
    const redis = this.redis;
    if (!redis || redis.status === "ready") return;
    const ready = new Promise<void>((resolve) => redis.once("ready", () => resolve()));
    const timedOut = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), timeoutMs).unref());
    if ((await Promise.race([ready, timedOut])) === "timeout") {
      console.warn("rate limits: Redis is not ready; counting in memory until it is");
    }
  }

  async close(): Promise<void> {
    await this.redis?.quit().catch(() => undefined);
  }
}
