import { RateLimits, ipBudgetKey, type RateLimitOptions } from "@booking/common";

/**
 * Each limit: how many tries per window (seconds). A try is a createBooking (or joinWaitlist) that is not the
 * replay of a booking already made (a retry with the same idempotency key is always answered),
 * whether it then succeeds or fails. Holds cost nothing, so these keep one account, or one
 * address with many accounts, from hoarding a resource's time by booking and rebooking.
 */
export const BOOKING_RATE_LIMITS = {
  createBookingPerAccount: { points: 30, duration: 10 * 60 },
  createBookingPerIp: { points: 120, duration: 10 * 60 },
  joinWaitlistPerAccount: { points: 30, duration: 10 * 60 },
  joinWaitlistPerIp: { points: 120, duration: 10 * 60 },
} as const;

export type BookingRateLimitName = keyof typeof BOOKING_RATE_LIMITS;

/** The bookings subgraph's limits, on the shared mechanism in @booking/common. */
export class BookingRateLimits {
  constructor(private readonly limits: RateLimits<BookingRateLimitName>) {}

  /** Spends one createBooking try of the account and of its address; RATE_LIMITED with retryAfter when either is used up. */
  spendCreateBooking(customerId: string, clientIp: string | null): Promise<void> {
    return this.limits.consume(["createBookingPerAccount", customerId], ["createBookingPerIp", ipBudgetKey(clientIp)]);
  }

  /** Spends one joinWaitlist try of the account and of its address (budgets of their own, the same sizes). */
  spendJoinWaitlist(customerId: string, clientIp: string | null): Promise<void> {
    return this.limits.consume(["joinWaitlistPerAccount", customerId], ["joinWaitlistPerIp", ipBudgetKey(clientIp)]);
  }

  ready(): Promise<void> {
    return this.limits.ready();
  }

  close(): Promise<void> {
    return this.limits.close();
  }
}

export function bookingRateLimits(options: Omit<RateLimitOptions, "service">): BookingRateLimits {
  return new BookingRateLimits(new RateLimits(BOOKING_RATE_LIMITS, { ...options, service: "bookings" }));
}
