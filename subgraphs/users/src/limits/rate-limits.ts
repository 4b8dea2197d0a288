import { RateLimits, type RateLimitOptions } from "@booking/common";

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

/** The users subgraph's limits, on the shared mechanism in @booking/common. */
export type UsersRateLimits = RateLimits<RateLimitName>;

export function usersRateLimits(options: Omit<RateLimitOptions, "service">): UsersRateLimits {
  return new RateLimits(RATE_LIMITS, { ...options, service: "users" });
}
