import { AppError, Role, forbidden, notFound, type Viewer } from "@booking/common";
import { BookingStatus, BookingEventType } from "@booking/contracts";

/** What a person can do to a booking (payments confirm HOLDs through their own path). */
export type BookingAction = "confirm" | "cancel" | "complete" | "markNoShow";

interface ActionRule {
  from: readonly BookingStatus[];
  to: BookingStatus;
  event: BookingEventType;
  /** "owner": the business owner only; "party": the customer, the business owner or an admin */
  who: "owner" | "party";
  /** only once the booking has started */
  afterStart: boolean;
}

/** The state machine: every transition a person may make, and nothing else. */
export const BOOKING_ACTIONS: Record<BookingAction, ActionRule> = {
  confirm: { from: [BookingStatus.HOLD], to: BookingStatus.CONFIRMED, event: BookingEventType.CONFIRMED, who: "owner", afterStart: false },
  cancel: { from: [BookingStatus.HOLD, BookingStatus.CONFIRMED], to: BookingStatus.CANCELLED, event: BookingEventType.CANCELLED, who: "party", afterStart: false },
  complete: { from: [BookingStatus.CONFIRMED], to: BookingStatus.COMPLETED, event: BookingEventType.COMPLETED, who: "owner", afterStart: true },
  markNoShow: { from: [BookingStatus.CONFIRMED], to: BookingStatus.NO_SHOW, event: BookingEventType.NO_SHOW, who: "owner", afterStart: true },
};

/** The facts about a booking the rules look at. */
export interface BookingState {
  status: BookingStatus;
  customerId: string;
  businessOwnerId: string;
  startTime: Date;
  holdExpiresAt: Date | null;
}

/**
 * Decides whether `viewer` may take `action` on a booking now: NOT_FOUND for someone who may
 * not know it exists, FORBIDDEN for a party without the right, HOLD_EXPIRED for confirming a hold
 * that ran out (shown EXPIRED or not), INVALID_STATE for any other transition the state machine
 * forbids (a HOLD whose time ran out counts as expired already). Returns the transition to make.
 */
export function decideTransition(action: BookingAction, booking: BookingState, viewer: Viewer, now: Date): ActionRule & { fromStatus: BookingStatus } {
  const rule = BOOKING_ACTIONS[action];
  const isOwner = viewer.userId === booking.businessOwnerId;
  const isCustomer = viewer.userId === booking.customerId;
  const isAdmin = viewer.role === Role.ADMIN;
  if (!isOwner && !isCustomer && !isAdmin) throw notFound("Booking");
  if (rule.who === "owner" && !isOwner) throw forbidden("Only the business owner can do this");
  const overdueHold = booking.status === BookingStatus.HOLD && booking.holdExpiresAt !== null && booking.holdExpiresAt.getTime() <= now.getTime();
  // Confirming a hold that ran out is HOLD_EXPIRED, whether or not it shows EXPIRED yet (the contract).
  if (action === "confirm" && (overdueHold || booking.status === BookingStatus.EXPIRED)) throw holdExpired(booking.holdExpiresAt);
  if (overdueHold) throw invalidState(`The hold ran out at ${booking.holdExpiresAt!.toISOString()}`);
  if (!rule.from.includes(booking.status)) {
    throw invalidState(`A ${booking.status} booking cannot be ${pastTense[action]} (only ${rule.from.join(" or ")})`);
  }
  if (rule.afterStart && now.getTime() < booking.startTime.getTime()) {
    throw invalidState(`A booking can be ${pastTense[action]} only after it starts (${booking.startTime.toISOString()})`);
  }
  return { ...rule, fromStatus: booking.status };
}

/** What a payment's success does to a booking, decided under its row lock by the database's clock. */
export type PaymentSuccessOutcome = { kind: "confirm" } | { kind: "keep" } | { kind: "reject"; reason: "HOLD_EXPIRED" | "NOT_PAYABLE" };

/**
 * A success confirms a HOLD whose time has not run out at `now`; a booking already CONFIRMED
 * (by its owner) or past it keeps the money; a hold that ran out (shown EXPIRED or not) or a
 * cancelled booking rejects it, and payments refunds it in full.
 */
export function decidePaymentSuccess(booking: Pick<BookingState, "status" | "holdExpiresAt">, now: Date): PaymentSuccessOutcome {
  switch (booking.status) {
    case BookingStatus.HOLD:
      if (booking.holdExpiresAt !== null && booking.holdExpiresAt.getTime() <= now.getTime()) return { kind: "reject", reason: "HOLD_EXPIRED" };
      return { kind: "confirm" };
    case BookingStatus.EXPIRED:
      return { kind: "reject", reason: "HOLD_EXPIRED" };
    case BookingStatus.CANCELLED:
      return { kind: "reject", reason: "NOT_PAYABLE" };
    default:
      return { kind: "keep" };
  }
}

/** Who cancelled, as the booking records it: the customer, the vendor, or an admin acting for either. */
export function cancellerRole(booking: Pick<BookingState, "customerId" | "businessOwnerId">, viewer: Viewer): Role {
  if (viewer.userId === booking.customerId) return Role.CUSTOMER;
  if (viewer.userId === booking.businessOwnerId) return Role.VENDOR;
  return Role.ADMIN;
}

const pastTense: Record<BookingAction, string> = { confirm: "confirmed", cancel: "cancelled", complete: "completed", markNoShow: "marked as a no-show" };

/** Confirming (or paying) a hold whose time ran out. */
export function holdExpired(holdExpiresAt: Date | null): AppError {
  return new AppError("HOLD_EXPIRED", holdExpiresAt ? `The hold ran out at ${holdExpiresAt.toISOString()}` : "The hold ran out");
}

function invalidState(message: string): AppError {
  return new AppError("INVALID_STATE", message);
}
