import { readEnv, readEventsConfig, type EventsConfig } from "@booking/common";
import { readServiceUrls, type SubgraphName } from "@booking/contracts";
import { z } from "zod";

export interface BookingsConfig {
  /** how long a HOLD keeps its units (BOOKING_HOLD_SECONDS) */
  holdSeconds: number;
  /** live HOLDs one customer may have at once, waitlist offers included (MAX_HOLDS_PER_CUSTOMER) */
  maxHoldsPerCustomer: number;
  /** where the other subgraphs answer (USERS_URL ... PAYMENTS_URL) */
  serviceUrls: Record<SubgraphName, string>;
  /** where events to and from other services travel (EVENTS_DATABASE_URL or NATS_URL) */
  events: EventsConfig;
  /** RATE_LIMITS: per-account and per-IP limits on createBooking */
  rateLimits: boolean;
  /** REDIS_URL: shares rate-limit counters across instances */
  redisUrl: string | null;
  /** how long the booking outbox keeps events for routers' replays (BOOKING_EVENTS_RETENTION_HOURS) */
  bookingEventsRetentionMs: number;
}

/** The bookings subgraph's own settings, read once at start. */
export function readBookingsConfig(env: NodeJS.ProcessEnv): BookingsConfig {
  const parsed = readEnv(
    {
      BOOKING_HOLD_SECONDS: z.coerce.number().int().min(1).max(7 * 24 * 3600).default(900),
      MAX_HOLDS_PER_CUSTOMER: z.coerce.number().int().min(1).max(10_000).default(5),
      RATE_LIMITS: z.enum(["on", "off"]).default("on"),
      REDIS_URL: z.string().regex(/^rediss?:\/\//, "must be a redis:// URL").optional(),
      BOOKING_EVENTS_RETENTION_HOURS: z.coerce.number().int().min(1).max(24 * 366).default(7 * 24),
    },
    env,
  );
  return {
    holdSeconds: parsed.BOOKING_HOLD_SECONDS,
    maxHoldsPerCustomer: parsed.MAX_HOLDS_PER_CUSTOMER,
    serviceUrls: readServiceUrls(env),
    events: readEventsConfig(env),
    rateLimits: parsed.RATE_LIMITS === "on",
    redisUrl: parsed.REDIS_URL ?? null,
    bookingEventsRetentionMs: parsed.BOOKING_EVENTS_RETENTION_HOURS * 3_600_000,
  };
}
