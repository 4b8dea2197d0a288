import { describe, expect, it } from "vitest";
import { RateLimits, ipBudgetKey, limiterKey } from "../src/rate-limits.js";
import { failureOf } from "../../../test/support/errors.js";
import { waitFor } from "../../../test/support/wait.js";
import type { AppError } from "../src/errors.js";

describe("per-IP budget keys", () => {
  it("count an IPv6 client by its /64, whatever address in it and however it is written", () => {
    const key = ipBudgetKey("2001:db8:abcd:12::1");
    expect(key).toBe("2001:db8:abcd:12::/64");
    expect(ipBudgetKey("2001:0db8:abcd:0012:ffff:ffff:ffff:fffe")).toBe(key);
    expect(ipBudgetKey("2001:DB8:ABCD:12:0:0:0:9")).toBe(key);
    expect(ipBudgetKey("2001:db8:abcd:13::1")).not.toBe(key);
    expect(ipBudgetKey("::1")).toBe("0:0:0:0::/64");
  });

  it("count IPv4 (also IPv4-mapped) by the address, and ignore what is no address", () => {
    expect(ipBudgetKey("203.0.113.7")).toBe("203.0.113.7");
    expect(ipBudgetKey("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(ipBudgetKey("not an address")).toBeNull();
    expect(ipBudgetKey(null)).toBeNull();
  });
});

describe("limiter keys", () => {
  it("are short and fixed-size whatever the client sent, and fold case and spaces", () => {
    const huge = "x".repeat(900_000);
    expect(limiterKey(huge)).toHaveLength(22);
    expect(limiterKey(" Alice@Example.com ")).toBe(limiterKey("alice@example.com"));
    expect(limiterKey("alice@example.com")).not.toBe(limiterKey("bob@example.com"));
  });
});

describe("RateLimits", () => {
  it("answers RATE_LIMITED with retryAfter once a budget is spent, per key", async () => {
    const limits = new RateLimits({ perKey: { points: 2, duration: 60 } }, { enabled: true, redisUrl: null, service: "test" });
    await limits.consume(["perKey", "a"]);
    await limits.consume(["perKey", "A"]);
    const error = await limits.consume(["perKey", "a"]).catch((rejection: unknown) => rejection);
    expect(error).toMatchObject({ extensions: { code: "RATE_LIMITED", retryAfter: expect.any(Number) } });
    await expect(limits.consume(["perKey", "b"])).resolves.toBeUndefined();
  });

  it("blocks a spent failure budget for a wait that doubles with each block, and forgives on success", async () => {
    const limits = new RateLimits({ failures: { points: 2, duration: 60, backoff: { first: 1, max: 600 } } }, { enabled: true, redisUrl: null, service: "test" });
    const retryAfter = () => limits.assertNotBlocked(["failures", "k"]).then(() => 0, (rejection: AppError) => failureOf({ errors: [rejection] })?.retryAfter);
    await limits.recordFailure(["failures", "k"]);
    expect(await retryAfter()).toBe(0);
    await limits.recordFailure(["failures", "k"]);
    expect(await retryAfter()).toBe(1);
    await waitFor(async () => (await retryAfter()) === 0, 5_000, "the first block to end");
    await limits.recordFailure(["failures", "k"]);
    await limits.recordFailure(["failures", "k"]);
    expect(await retryAfter()).toBe(2);
    await waitFor(async () => (await retryAfter()) === 0, 5_000, "the second block to end");
    await limits.recordFailure(["failures", "k"]);
    await limits.recordFailure(["failures", "k"]);
    expect(await retryAfter()).toBe(4);
    // Another key has its own budget; forgiving a key gives its budget back.
    expect(await limits.assertNotBlocked(["failures", "other"])).toBeUndefined();
    await limits.forgive(["failures", "k"]);
    expect(await retryAfter()).toBe(0);
  });

  it("lifts every limit when disabled", async () => {
    const limits = new RateLimits({ perKey: { points: 1, duration: 60 } }, { enabled: false, redisUrl: null, service: "test" });
    for (let i = 0; i < 5; i += 1) await limits.consume(["perKey", "a"]);
  });
});
