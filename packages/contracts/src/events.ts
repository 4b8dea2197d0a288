import type { BusinessFacts } from "./catalog.js";
import type { BookingStatus } from "./enums.js";

/**
 * The events services exchange over the backbone (@booking/events): each type's name and
 * payload, declared once so publishers and consumers agree. Money is a decimal string in the
 * currency's minor units; instants are ISO-8601 strings. Payloads carry what their consumers
 * need, so no consumer calls back.
 */
export const EVENT_TYPES = {
  /** payments: a payment was captured (its ledger posted); bookings confirms the HOLD or rejects it */
  paymentSucceeded: "payment.succeeded",
  /** payments: a refund went through (its ledger reversal posted); users mails the customer */
  paymentRefunded: "payment.refunded",
  /** bookings: a booking became CONFIRMED (by its payment or its owner); users mails the customer */
  bookingConfirmed: "booking.confirmed",
  /** bookings: a booking was cancelled; payments refunds by the policy, users mails the customer */
  bookingCancelled: "booking.cancelled",
  /** bookings: a payment's success could not confirm its booking (hold ran out, cancelled); payments refunds it in full */
  bookingPaymentRejected: "booking.payment_rejected",
  /** bookings: units freed up and a waitlist entry got a HOLD; users mails the customer */
  waitlistOffered: "waitlist.offered",
  /** resources: a resource may take more bookings than before (larger capacity, ACTIVE again, its business ACTIVE again); bookings serves its waitlist */
  resourceBookabilityChanged: "resource.bookability_changed",
  /**
   * businesses: a business was created, or a fact resources replicates changed (owner, name, type,
   * city, time zone, status); published by a trigger in the changing transaction. resources keeps
   * the highest `version` of each business, so redeliveries and any order are harmless.
   */
  businessFactsChanged: "business.facts_changed",
  /**
   * users: a mail to send (one-time codes, booking mail), published in the transaction that makes
   * it due; users' own consumer sends it, retried with backoff and dead-lettered like any event.
   * Its text may hold a one-time code: never log a payload of this type.
   */
  mailRequested: "mail.requested",
} as const;

/** The facts of one business as resources replicates them (see `BusinessFacts`). */
export type BusinessFactsChangedEvent = BusinessFacts;

export interface MailRequestedEvent {
  to: string;
  subject: string;
  text: string;
}

export interface PaymentSucceededEvent {
  paymentId: string;
  bookingId: string;
  customerId: string;
  amount: string;
  currency: string;
}

export interface PaymentRefundedEvent {
  paymentId: string;
  refundId: string;
  bookingId: string;
  customerId: string;
  amount: string;
  currency: string;
  /** everything refunded of the payment so far, this refund included */
  refundedTotal: string;
  paymentAmount: string;
  reason: string | null;
}

/** What a mail about a booking says, frozen on the booking. */
export interface BookingSummary {
  bookingId: string;
  bookingNumber: string;
  customerId: string;
  businessId: string;
  businessOwnerId: string;
  businessName: string;
  resourceName: string;
  startTime: string;
  endTime: string;
  timezone: string;
  total: string;
  currency: string;
}

export interface BookingConfirmedEvent extends BookingSummary {
  /** the payment that confirmed it, or null when its owner did */
  paymentId: string | null;
}

export interface BookingCancelledEvent extends BookingSummary {
  cancelledBy: "CUSTOMER" | "VENDOR" | "ADMIN";
  cancelledAt: string;
  /** the status it was cancelled from */
  previousStatus: BookingStatus;
  /** the policy frozen when it was booked (null for bookings from before it was recorded) */
  freeCancellationHours: number | null;
  reason: string | null;
}

export interface BookingPaymentRejectedEvent {
  paymentId: string;
  bookingId: string;
  /** the booking's status when the success reached it */
  bookingStatus: BookingStatus;
  /** HOLD_EXPIRED: the hold ran out by the bookings database's clock; NOT_PAYABLE: not a HOLD any more */
  reason: "HOLD_EXPIRED" | "NOT_PAYABLE";
}

export interface WaitlistOfferedEvent extends BookingSummary {
  entryId: string;
  /** when the offered HOLD runs out */
  holdExpiresAt: string;
}

export interface ResourceBookabilityChangedEvent {
  resourceId: string;
  /** what changed: a larger capacity, the resource or its business ACTIVE again */
  reason: "CAPACITY_INCREASED" | "RESOURCE_ACTIVE" | "BUSINESS_ACTIVE";
}
