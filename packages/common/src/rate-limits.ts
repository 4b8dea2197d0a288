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
}

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
  private readonly limiters: Map<Name, RateLimiterAbstract> | null;
  private readonly redis: Redis | null;

  constructor(limits: Readonly<Record<Name, RateLimit>>, options: RateLimitOptions) {
    this.redis = options.enabled && options.redisUrl ? new Redis(options.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 }) : null;
    this.limiters = options.enabled
      ? new Map(
          (Object.entries(limits) as [Name, RateLimit][]).map(([name, limit]) => [
            name,
            this.redis
              ? new RateLimiterRedis({ storeClient: this.redis, keyPrefix: `rl:${options.service}:${name}`, ...limit, insuranceLimiter: new RateLimiterMemory(limit) })
              : new RateLimiterMemory({ keyPrefix: `${options.service}:${name}`, ...limit }),
          ]),
        )
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
      logger.warn("rate limits: Redis is not ready; counting in memory until it is");
    }
  }

  async close(): Promise<void> {
    await this.redis?.quit().catch(() => undefined);
  }
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
