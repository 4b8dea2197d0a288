import { AppError, badInput, formatAmount, minorUnits } from "@booking/common";
import { EVENT_TYPES, PaymentStatus, type PaymentRefundedEvent, type PaymentSucceededEvent } from "@booking/contracts";
import { Decimal } from "decimal.js";
import { captureLines, refundLines } from "../ledger-entry/ledger-postings.js";
import type { PaymentProvider } from "../provider/payment-provider.js";
import { RefundStatus } from "../refund/refund.type.js";
import { UNREPORTED, type PaymentMetrics } from "./payment-metrics.js";
import type { NewPayment, PaymentWrites, RefundRecord } from "./payment-writes.repository.js";
import type { PaymentRow } from "./payment.repository.js";

const OPEN: readonly string[] = [PaymentStatus.REQUIRES_PAYMENT_METHOD, PaymentStatus.PROCESSING];

export interface RefundRequest {
  /** null: what remains refundable */
  amount: Decimal | null;
  reason: string | null;
  idempotencyKey: string;
}

/**
 * The one place a payment's money moves: a capture, a failure, a refund and its settlement. The
 * provider's immediate answer, its webhooks and the saga all come here, inside their own
 * transaction with the payment's row locked, so each change happens once whichever path comes
 * first; the ledger lines and the event go in the same transaction as the change.
 */
export class PaymentSettlement {
  constructor(
    private readonly platformFeePercent: Decimal,
    private readonly providers: ReadonlyMap<string, PaymentProvider>,
    private readonly metrics: PaymentMetrics = UNREPORTED,
  ) {}

  provider(name: string): PaymentProvider {
    const provider = this.providers.get(name);
    if (!provider) throw new Error(`no payment provider named ${name}`);
    return provider;
  }

  /** A new intent, REQUIRES_PAYMENT_METHOD until it is confirmed. */
  async open(writes: PaymentWrites, payment: NewPayment): Promise<PaymentRow> {
    const opened = await writes.insertPayment(payment);
    this.metrics.entered(opened.status);
    return opened;
  }

  /** Captures an open payment: SUCCEEDED, ledger, `payment.succeeded`. A settled payment never changes again. */
  async succeed(writes: PaymentWrites, payment: PaymentRow): Promise<PaymentRow> {
    if (!OPEN.includes(payment.status)) return payment;
    const settled = await this.move(writes, payment, PaymentStatus.SUCCEEDED);
    const amount = new Decimal(settled.amount.toString());
    await writes.addLedgerLines(settled, captureLines(amount, this.platformFeePercent, settled.currency));
    const event: PaymentSucceededEvent = { paymentId: settled.id, bookingId: settled.bookingId, customerId: settled.customerId, amount: amountOf(amount, settled.currency), currency: settled.currency };
    await writes.publish(EVENT_TYPES.paymentSucceeded, { ...event });
    return settled;
  }

  /** An open payment failed: FAILED is final (the customer makes a new intent). */
  async fail(writes: PaymentWrites, payment: PaymentRow, failureReason: string): Promise<PaymentRow> {
    if (!OPEN.includes(payment.status)) return payment;
    return this.move(writes, payment, PaymentStatus.FAILED, failureReason);
  }

  /** The provider took the method and settles later (its webhook tells). */
  async processing(writes: PaymentWrites, payment: PaymentRow): Promise<PaymentRow> {
    if (payment.status !== PaymentStatus.REQUIRES_PAYMENT_METHOD) return payment;
    return this.move(writes, payment, PaymentStatus.PROCESSING);
  }

  /** An intent nobody will pay any more (its booking was cancelled): CANCELED, final. */
  async cancel(writes: PaymentWrites, payment: PaymentRow): Promise<PaymentRow> {
    if (payment.status !== PaymentStatus.REQUIRES_PAYMENT_METHOD) return payment;
    return this.move(writes, payment, PaymentStatus.CANCELED);
  }

  /** Every status change of a payment goes here, and is counted. */
  private async move(writes: PaymentWrites, payment: PaymentRow, status: PaymentStatus, failureReason: string | null = null): Promise<PaymentRow> {
    const moved = await writes.setStatus(payment.id, status, failureReason);
    this.metrics.entered(status);
    return moved;
  }

  /**
   * Refunds a captured payment (locked by the caller): the same key returns its refund (another
   * amount is IDEMPOTENCY_KEY_REUSED); the amount defaults to what remains; more than remains is
   * REFUND_EXCEEDS_PAYMENT. The provider is asked with a key of its own derived from ours, so a
   * retried transaction never refunds twice there.
   */
  async refund(writes: PaymentWrites, payment: PaymentRow, request: RefundRequest): Promise<RefundRecord> {
    const refunds = await writes.refundsOf(payment.id);
    const replayed = refunds.find((refund) => refund.idempotencyKey === request.idempotencyKey);
    if (replayed) {
      if (request.amount !== null && !request.amount.equals(replayed.amount.toString())) {
        throw new AppError("IDEMPOTENCY_KEY_REUSED", "This idempotency key was used for a refund of another amount");
      }
      return replayed;
    }
    if (payment.status !== PaymentStatus.SUCCEEDED) throw new AppError("INVALID_STATE", `A ${payment.status} payment has nothing to refund`);
    const remaining = remainingOf(payment, refunds);
    const amount = request.amount ?? remaining;
    if (request.amount !== null) {
      if (amount.lte(0)) throw badInput("amount", "amount must be more than zero");
      if (amount.decimalPlaces() > minorUnits(payment.currency)) throw badInput("amount", `amount has more decimals than ${payment.currency} allows`);
    }
    if (amount.gt(remaining) || amount.lte(0)) {
      throw new AppError("REFUND_EXCEEDS_PAYMENT", `At most ${amountOf(remaining, payment.currency)} ${payment.currency} remains refundable`);
    }
    const created = await writes.insertRefund({ paymentId: payment.id, amount, reason: request.reason, idempotencyKey: request.idempotencyKey });
    const answer = await this.provider(payment.provider).refund({
      providerPaymentId: payment.providerPaymentId!,
      amount: amountOf(amount, payment.currency),
      currency: payment.currency,
      idempotencyKey: `${payment.id}:${request.idempotencyKey}`,
    });
    const refund = await writes.updateRefund(created.id, { providerRefundId: answer.providerRefundId });
    if (answer.status === "SUCCEEDED") return this.refundSucceeded(writes, payment, refund);
    if (answer.status === "FAILED") return writes.updateRefund(refund.id, { status: RefundStatus.FAILED });
    return refund;
  }

  /** The saga's refunds: whatever remains, once per cause (its key); nothing when nothing remains. */
  async refundRemaining(writes: PaymentWrites, payment: PaymentRow, reason: string, idempotencyKey: string): Promise<RefundRecord | null> {
    if (payment.status !== PaymentStatus.SUCCEEDED) return null;
    const refunds = await writes.refundsOf(payment.id);
    const replayed = refunds.find((refund) => refund.idempotencyKey === idempotencyKey);
    if (replayed) return replayed;
    if (remainingOf(payment, refunds).lte(0)) return null;
    return this.refund(writes, payment, { amount: null, reason, idempotencyKey });
  }

  /** A refund the provider reports that we did not ask for (made at the provider): recorded, if it fits. */
  async recordProviderRefund(writes: PaymentWrites, payment: PaymentRow, providerRefundId: string, amountText: string): Promise<boolean> {
    if (payment.status !== PaymentStatus.SUCCEEDED || !/^\d{1,10}(\.\d{1,3})?$/.test(amountText)) return false;
    const amount = new Decimal(amountText);
    const refunds = await writes.refundsOf(payment.id);
    if (amount.lte(0) || amount.decimalPlaces() > minorUnits(payment.currency) || amount.gt(remainingOf(payment, refunds))) return false;
    const created = await writes.insertRefund({ paymentId: payment.id, amount, reason: "Refunded at the provider", idempotencyKey: `provider-refund:${providerRefundId}` });
    await this.refundSucceeded(writes, payment, await writes.updateRefund(created.id, { providerRefundId }));
    return true;
  }

  /** A refund went through: SUCCEEDED, the proportional reversal in the ledger, `payment.refunded`. */
  async refundSucceeded(writes: PaymentWrites, payment: PaymentRow, refund: RefundRecord): Promise<RefundRecord> {
    if (refund.status !== RefundStatus.PENDING) return refund;
    const refunds = await writes.refundsOf(payment.id);
    const refundedBefore = sum(refunds.filter((other) => other.id !== refund.id && other.status === RefundStatus.SUCCEEDED));
    const amount = new Decimal(refund.amount.toString());
    const paymentAmount = new Decimal(payment.amount.toString());
    const lines = refundLines({ amount, refundedBefore, paymentAmount, capturedCommission: await writes.capturedCommission(payment.id), currency: payment.currency });
    const settled = await writes.updateRefund(refund.id, { status: RefundStatus.SUCCEEDED });
    await writes.addLedgerLines(payment, lines, refund.id);
    const event: PaymentRefundedEvent = {
      paymentId: payment.id,
      refundId: refund.id,
      bookingId: payment.bookingId,
      customerId: payment.customerId,
      amount: amountOf(amount, payment.currency),
      currency: payment.currency,
      refundedTotal: amountOf(refundedBefore.plus(amount), payment.currency),
      paymentAmount: amountOf(paymentAmount, payment.currency),
      reason: refund.reason,
    };
    await writes.publish(EVENT_TYPES.paymentRefunded, { ...event });
    return settled;
  }

  async refundFailed(writes: PaymentWrites, refund: RefundRecord): Promise<RefundRecord> {
    if (refund.status !== RefundStatus.PENDING) return refund;
    return writes.updateRefund(refund.id, { status: RefundStatus.FAILED });
  }
}

/** What can still be refunded: the amount less every refund not FAILED (pending ones are spoken for). */
export function remainingOf(payment: Pick<PaymentRow, "amount">, refunds: readonly Pick<RefundRecord, "amount" | "status">[]): Decimal {
  return new Decimal(payment.amount.toString()).minus(sum(refunds.filter((refund) => refund.status !== RefundStatus.FAILED)));
}

function sum(refunds: readonly Pick<RefundRecord, "amount">[]): Decimal {
  return refunds.reduce((total, refund) => total.plus(refund.amount.toString()), new Decimal(0));
}

function amountOf(amount: Decimal, currency: string): string {
  return formatAmount(amount, currency);
}
