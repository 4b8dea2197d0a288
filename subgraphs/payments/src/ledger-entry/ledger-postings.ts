import { roundToMinorUnit } from "@booking/common";
import { Decimal } from "decimal.js";
import { LedgerAccount, LedgerEntryType } from "./ledger-entry.type.js";

/** One ledger line to write; amounts are positive, in the payment's currency. */
export interface LedgerLine {
  account: LedgerAccount;
  type: LedgerEntryType;
  amount: Decimal;
}

/** `amount x percent / 100`, rounded half-up to the currency's minor unit. */
export function commissionOf(amount: Decimal, feePercent: Decimal, currency: string): Decimal {
  return roundToMinorUnit(amount.times(feePercent).dividedBy(100), currency);
}

/**
 * A capture: the customer pays the whole amount (DEBIT); the business earns it less the
 * platform's commission, which the platform earns (CREDITs). The commission is rounded and the
 * business gets the rest, so no cent is lost. Zero lines are left out.
 */
export function captureLines(amount: Decimal, feePercent: Decimal, currency: string): LedgerLine[] {
  const commission = commissionOf(amount, feePercent, currency);
  return nonZero([
    { account: LedgerAccount.CUSTOMER, type: LedgerEntryType.DEBIT, amount },
    { account: LedgerAccount.PROVIDER_EARNINGS, type: LedgerEntryType.CREDIT, amount: amount.minus(commission) },
    { account: LedgerAccount.COMMISSION, type: LedgerEntryType.CREDIT, amount: commission },
  ]);
}

/**
 * A refund reverses the capture in proportion: the commission given back so far is always the
 * captured commission times the share refunded so far, rounded; this refund's part is the step
 * from before to after it. Partial refunds that add up to the payment give back exactly the
 * captured commission and earnings, whatever the rounding on the way.
 */
export function refundLines(refund: { amount: Decimal; refundedBefore: Decimal; paymentAmount: Decimal; capturedCommission: Decimal; currency: string }): LedgerLine[] {
  const { amount, refundedBefore, paymentAmount, capturedCommission, currency } = refund;
  const commissionReturned = (refunded: Decimal) =>
    paymentAmount.isZero() ? new Decimal(0) : roundToMinorUnit(capturedCommission.times(refunded).dividedBy(paymentAmount), currency);
  const commission = commissionReturned(refundedBefore.plus(amount)).minus(commissionReturned(refundedBefore));
  return nonZero([
    { account: LedgerAccount.CUSTOMER, type: LedgerEntryType.CREDIT, amount },
    { account: LedgerAccount.PROVIDER_EARNINGS, type: LedgerEntryType.DEBIT, amount: amount.minus(commission) },
    { account: LedgerAccount.COMMISSION, type: LedgerEntryType.DEBIT, amount: commission },
  ]);
}

function nonZero(lines: LedgerLine[]): LedgerLine[] {
  return lines.filter((line) => !line.amount.isZero());
}
