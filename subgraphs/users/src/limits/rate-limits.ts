import { RateLimits, ipBudgetKey, type RateLimitOptions } from "@booking/common";

/** After a failure budget is spent: blocked a minute, then 2, 4 ... up to an hour (see `RateLimit.backoff`). */
const BACKOFF = { first: 60, max: 60 * 60 };

/**
 * Each limit: how many tries (or failures) per window (seconds). Budgets per account are keyed
 * on the account (`accountBudgetKey`), whichever spelling of it a request used. Failures count
 * per account and IP together, so a stranger spends their own budget rather than the owner's,
 * plus a much larger budget per account that only many addresses can exhaust.
 */
export const RATE_LIMITS = {
  loginPerIp: { points: 100, duration: 15 * 60 },
  loginFailuresPerAccountAndIp: { points: 5, duration: 15 * 60, backoff: BACKOFF },
  loginFailuresPerAccount: { points: 50, duration: 60 * 60, backoff: BACKOFF },
  registerPerIp: { points: 20, duration: 60 * 60 },
  codeRequestPerIp: { points: 20, duration: 60 * 60 },
  codeRequestPerAccount: { points: 5, duration: 60 * 60 },
  codeRequestPerAccountPerDay: { points: 10, duration: 24 * 60 * 60 },
  codeCheckPerIp: { points: 60, duration: 15 * 60 },
  codeFailuresPerAccountAndIp: { points: 5, duration: 15 * 60, backoff: BACKOFF },
  codeFailuresPerAccountPerDay: { points: 50, duration: 24 * 60 * 60, backoff: BACKOFF },
} as const;

export type RateLimitName = keyof typeof RATE_LIMITS;

/** The users subgraph's limits, on the shared mechanism in @booking/common. */
export type UsersRateLimits = RateLimits<RateLimitName>;

export function usersRateLimits(options: Omit<RateLimitOptions, "service">): UsersRateLimits {
  return new RateLimits(RATE_LIMITS, { ...options, service: "users" });
}

/**
 * The key of an account's budgets: its id when the account exists (so email and username share
 * one budget), the normalised login otherwise (so unknown logins meet the same limits).
 * `RateLimits` hashes it to a fixed size.
 */
export function accountBudgetKey(account: { id: string } | null, normalisedLogin: string): string {
  return account ? `account:${account.id}` : `login:${normalisedLogin}`;
}

/** The key of a budget per account and client address (IPv6 by its /64). */
export function accountAndIpBudgetKey(accountKey: string, clientIp: string | null): string {
  return `${accountKey}|${ipBudgetKey(clientIp) ?? "no address"}`;
}
