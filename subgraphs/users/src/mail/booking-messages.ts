import { minorUnits } from "@booking/common";
import type { BookingCancelledEvent, BookingConfirmedEvent, BookingSummary, PaymentRefundedEvent, WaitlistOfferedEvent } from "@booking/contracts";
import { Decimal } from "decimal.js";
import { DateTime } from "luxon";
import type { MailMessage } from "./messages.js";

/** The booking's time as the business's clock shows it. */
function when(booking: Pick<BookingSummary, "startTime" | "endTime" | "timezone">): string {
  const start = DateTime.fromISO(booking.startTime, { zone: booking.timezone });
  const end = DateTime.fromISO(booking.endTime, { zone: booking.timezone });
  return `${start.toFormat("cccc d LLLL yyyy, HH:mm")} to ${end.toFormat("cccc d LLLL yyyy, HH:mm")} (${booking.timezone})`;
}

function amount(value: string, currency: string): string {
  return `${new Decimal(value).toFixed(minorUnits(currency))} ${currency}`;
}

export function bookingConfirmedMail(to: string, booking: BookingConfirmedEvent): MailMessage {
  return {
    to,
    subject: `Booking ${booking.bookingNumber} is confirmed`,
    text:
      `Your booking ${booking.bookingNumber} at ${booking.businessName} is confirmed${booking.paymentId ? ": we received your payment" : ""}.\n\n` +
      `${booking.resourceName}\n${when(booking)}\nTotal: ${amount(booking.total, booking.currency)}\n`,
  };
}

export function bookingCancelledMail(to: string, booking: BookingCancelledEvent): MailMessage {
  const by = booking.cancelledBy === "CUSTOMER" ? "at your request" : booking.cancelledBy === "VENDOR" ? `by ${booking.businessName}` : "by our staff";
  return {
    to,
    subject: `Booking ${booking.bookingNumber} is cancelled`,
    text:
      `Your booking ${booking.bookingNumber} at ${booking.businessName} was cancelled ${by}.${booking.reason ? `\nReason: ${booking.reason}` : ""}\n\n` +
      `${booking.resourceName}\n${when(booking)}\n\nIf you paid for it, a separate mail tells you about any refund.\n`,
  };
}

export function paymentRefundedMail(to: string, refund: PaymentRefundedEvent): MailMessage {
  const whole = new Decimal(refund.refundedTotal).equals(refund.paymentAmount);
  return {
    to,
    subject: `Refund of ${amount(refund.amount, refund.currency)}`,
    text:
      `We refunded ${amount(refund.amount, refund.currency)} of your payment of ${amount(refund.paymentAmount, refund.currency)}` +
      `${whole ? " (the whole payment)" : ""}.${refund.reason ? `\nReason: ${refund.reason}` : ""}\n\n` +
      `It reaches your card in 5 to 10 business days.\n`,
  };
}

export function waitlistOfferedMail(to: string, offer: WaitlistOfferedEvent): MailMessage {
  const until = DateTime.fromISO(offer.holdExpiresAt, { zone: offer.timezone }).toFormat("cccc d LLLL yyyy, HH:mm");
  return {
    to,
    subject: `A place freed up: booking ${offer.bookingNumber} is held for you`,
    text:
      `Good news: ${offer.resourceName} at ${offer.businessName} freed up for the time you were waiting for, and we are holding it for you as booking ${offer.bookingNumber}.\n\n` +
      `${when(offer)}\nTotal: ${amount(offer.total, offer.currency)}\n\n` +
      `Pay for it by ${until} (${offer.timezone}), or the hold runs out and the place goes to the next in line.\n`,
  };
}
