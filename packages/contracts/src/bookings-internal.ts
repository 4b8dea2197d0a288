import type { BookingEventType, BookingStatus } from "./enums.js";

/**
 * The signed internal endpoints around bookings: what bookings asks users when
 * it takes a booking, and the event stream it serves to routers. Declared once here so callers
 * and servers agree on paths and shapes.
 */

/**
 * users: `POST { userId }` -> `CustomerContact`, or 404 when no such user. What a booking
 * freezes as its contact, read from the users database (never from the client).
 */
export const CUSTOMER_CONTACT_PATH = "/internal/customer-contact";

export interface CustomerContactRequest {
  userId: string;
}

export interface CustomerContact {
  /** first and last name, or null when the user gave neither */
  name: string | null;
  email: string;
  phone: string | null;
}

/**
 * bookings: `GET ?after=<outbox id>`, signed over an empty body, answers a Server-Sent-Events
 * stream: every booking change as `id: <outbox id>` and `data: <BookingEventMessage JSON>`, in
 * commit order, replaying the ones after `after` first (without `after`: from now on). New
 * changes arrive within a second; `: keep-alive` comments come every 15 s.
 */
export const BOOKING_EVENTS_PATH = "/internal/booking-events";

export interface BookingEventMessage {
  /** the outbox id, a decimal string; resume with `after=<id>` */
  id: string;
  type: BookingEventType;
  bookingId: string;
  businessId: string;
  customerId: string;
  /** ISO-8601 instant of the change */
  at: string;
}

/**
 * bookings: `POST { bookingId }` -> `BookingFacts`, or 404 when no such booking: what payments
 * needs to charge for a booking (its payment's success reaches bookings as a `payment.succeeded`
 * event, see events.ts).
 */
export const BOOKING_FACTS_PATH = "/internal/booking-facts";

export interface BookingFactsRequest {
  bookingId: string;
}

export interface BookingFacts {
  id: string;
  bookingNumber: string;
  status: BookingStatus;
  customerId: string;
  businessId: string;
  businessOwnerId: string;
  resourceId: string;
  /** ISO-8601 instants */
  startTime: string;
  endTime: string;
  holdExpiresAt: string | null;
  cancelledAt: string | null;
  /** the booking's total, 2 decimals, e.g. "119.94" */
  total: string;
  currency: string;
  /** the resource's policy when booked (null for bookings from before it was recorded) */
  freeCancellationHours: number | null;
}


/**
 * What one `Resource.availability` field may cost: a range of at most `maxDays` days, answered
 * with at most `maxWindows` windows (one per hour of the longest range; SLOT grids finer than
 * an hour over long ranges are refused with BAD_USER_INPUT). The router's cost rule counts a
 * field as one window per hour of its range, up to `maxWindows`.
 */
export const AVAILABILITY_LIMITS = { maxDays: 62, maxWindows: 62 * 24 } as const;
