import { createHash } from "node:crypto";
import { isIPv4, isIPv6 } from "node:net";
import { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { AppError } from "./errors.js";
import { logger } from "./logging.js";

/** One limit: how many tries per window (seconds). */
export interface RateLimit {
  points: number;
  duration: number;
  /**
   * Makes it a failure budget with backoff (spent by `recordFailure`, checked by
   * `assertNotBlocked`): once its points are spent, the key is blocked for `first` seconds,
   * doubling with each block within a day, up to `max`. Blocks end by themselves: a backoff,
   * never a lock that needs an operator.
   */
  backoff?: { first: number; max: number };
}

/** How long a key's earlier blocks count towards the next, longer one. */
const BACKOFF_MEMORY_SECONDS = 24 * 60 * 60;

export interface RateLimitOptions {
  /** `RATE_LIMITS=off` lifts every limit. */
  enabled: boolean;
  /** Shares counters across instances; in memory (per process) without it. */
  redisUrl: string | null;
  /** Names this service's counters in a shared Redis, e.g. "users". */
  service: string;
}

/**
 * Named rate limits on rate-limiter-flexible: memory by default, Redis when configured (with
 * memory as insurance while Redis is away). Keys never reach a limiter as the client sent them:
 * each is a fixed-size hash, so a megabyte-long login costs the same few bytes as a short one.
 */
export class RateLimits<Name extends string> {
  private readonly limits: Readonly<Record<Name, RateLimit>>;
  private readonly limiters: Map<Name, RateLimiterAbstract> | null;
  /** Per failure budget: how many times each key was blocked lately. */
  private readonly strikes: Map<Name, RateLimiterAbstract> | null;
  private readonly redis: Redis | null;

  constructor(limits: Readonly<Record<Name, RateLimit>>, options: RateLimitOptions) {
    this.redis = options.enabled && options.redisUrl ? new Redis(options.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 }) : null;
    const limiter = (prefix: string, { points, duration }: RateLimit): RateLimiterAbstract =>
      this.redis
        ? new RateLimiterRedis({ storeClient: this.redis, keyPrefix: `rl:${options.service}:${prefix}`, points, duration, insuranceLimiter: new RateLimiterMemory({ points, duration }) })
        : new RateLimiterMemory({ keyPrefix: `${options.service}:${prefix}`, points, duration });
    const entries = Object.entries(limits) as [Name, RateLimit][];
    this.limits = limits;
    this.limiters = options.enabled ? new Map(entries.map(([name, limit]) => [name, limiter(name, limit)])) : null;
    this.strikes = options.enabled
      ? new Map(entries.filter(([, limit]) => limit.backoff).map(([name]) => [name, limiter(`${name}:strikes`, { points: Number.MAX_SAFE_INTEGER, duration: BACKOFF_MEMORY_SECONDS })]))
      : null;
  }

  /**
   * Spends one try of each named limit for its key (skipped when the key is null); fails with
   * RATE_LIMITED and `retryAfter` (seconds) at the first limit that is used up.
   */
  async consume(...checks: [Name, string | null | undefined][]): Promise<void> {
    if (!this.limiters) return;
    for (const [name, key] of checks) {
      if (!key) continue;
      try {
        await this.limiters.get(name)!.consume(limiterKey(key));
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        throw rateLimited(rejection.msBeforeNext);
      }
    }
  }

  /**
   * Refuses with RATE_LIMITED (and `retryAfter`) when any of these failure budgets is spent or
   * blocked for its key; spends nothing.
   */
  async assertNotBlocked(...checks: [Name, string | null | undefined][]): Promise<void> {
    if (!this.limiters) return;
    for (const [name, key] of checks) {
      if (!key) continue;
      const state = await this.limiters.get(name)!.get(limiterKey(key));
      if (state && state.consumedPoints >= this.limits[name].points) throw rateLimited(state.msBeforeNext);
    }
  }

  /** Spends one point of each failure budget; a budget used up blocks its key, longer each time. */
  async recordFailure(...checks: [Name, string | null | undefined][]): Promise<void> {
    if (!this.limiters || !this.strikes) return;
    for (const [name, key] of checks) {
      if (!key) continue;
      const hashed = limiterKey(key);
      const limiter = this.limiters.get(name)!;
      const { points, backoff } = this.limits[name];
      const spent = await limiter.penalty(hashed, 1);
      if (!backoff || spent.consumedPoints < points) continue;
      const strikes = await this.strikes.get(name)!.penalty(hashed, 1);
      await limiter.block(hashed, Math.min(backoff.first * 2 ** (strikes.consumedPoints - 1), backoff.max));
    }
  }

  /** Gives these keys their budgets back (a success where failures were counted). */
  async forgive(...checks: [Name, string | null | undefined][]): Promise<void> {
    if (!this.limiters) return;
    for (const [name, key] of checks) {
      if (key) await this.limiters.get(name)!.delete(limiterKey(key));
    }
  }

  /** Waits (briefly) for Redis, so counting is shared from the first request on. */
  async ready(timeoutMs = 3_000): Promise<void> {
    const redis = this.redis;
    if (!redis || redis.status === "ready") return;
    const ready = new Promise<void>((resolve) => redis.once("ready", () => resolve()));
    const timedOut = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), timeoutMs).unref());
    if ((await Promise.race([ready, timedOut])) === "timeout") {
      logger.warn("rate limits: Redis is not ready; counting in memory until it is");
    }
  }

  async close(): Promise<void> {
    await this.redis?.quit().catch(() => undefined);
  }
}

function rateLimited(msBeforeNext: number): AppError {
  const retryAfter = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new AppError("RATE_LIMITED", `Too many attempts; try again in ${retryAfter} seconds`, { retryAfter });
}

/** A fixed-size key for any string: case-folded, trimmed, hashed. */
export function limiterKey(value: string): string {
  return createHash("sha256").update(value.trim().toLowerCase()).digest("base64url").slice(0, 22);
}

/**
 * The address a per-IP budget counts: an IPv4 address as it is, an IPv6 address by its /64
 * (one customer line usually gets a whole /64, so counting single addresses would give a
 * client 2^64 budgets). IPv4-mapped IPv6 addresses count as their IPv4 address.
 */
export function ipBudgetKey(ip: string | null | undefined): string | null {
  if (!ip) return null;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (isIPv4(ip)) return ip;
  if (!isIPv6(ip)) return null;
  return `${expandIPv6(ip).slice(0, 4).join(":")}::/64`;
}

/** The eight 16-bit groups of an IPv6 address, as lowercase hex without leading zeros. */
function expandIPv6(ip: string): string[] {
  const address = ip.split("%")[0]!.toLowerCase();
  const [head, tail] = address.includes("::") ? address.split("::") : [address, undefined];
  const headGroups = (head ? head.split(":") : []).flatMap((group) => (group.includes(".") ? dottedToGroups(group) : [group]));
  const tailGroups = (tail ? tail.split(":") : []).flatMap((group) => (group.includes(".") ? dottedToGroups(group) : [group]));
  const missing = tail === undefined ? 0 : 8 - headGroups.length - tailGroups.length;
  return [...headGroups, ...Array<string>(missing).fill("0"), ...tailGroups].map((group) => (parseInt(group, 16) || 0).toString(16));
}

/** The two groups an embedded IPv4 tail ("::ffff:1.2.3.4", "64:ff9b::1.2.3.4") stands for. */
function dottedToGroups(dotted: string): string[] {
  const [a = 0, b = 0, c = 0, d = 0] = dotted.split(".").map(Number);
  return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
}
