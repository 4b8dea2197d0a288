import { AppError, Role, badInput, forbidden, formatAmount, minorUnits, normaliseId, notFound, unauthenticated, type Viewer } from "@booking/common";
import { BookingStatus, PaymentStatus, type BookingFacts } from "@booking/contracts";
import { Decimal } from "decimal.js";
import type { BookingFactsClient } from "../booking/booking-facts.client.js";
import { ProviderStateError, UnknownPaymentMethodError, type PaymentProvider } from "../provider/payment-provider.js";
import type { PaymentTransactions } from "./payment-writes.repository.js";
import type { PaymentSettlement } from "./payment-settlement.service.js";
import type { PaymentRow } from "./payment.repository.js";

const MAX_IDEMPOTENCY_KEY = 200;
const LIVE: readonly string[] = [PaymentStatus.REQUIRES_PAYMENT_METHOD, PaymentStatus.PROCESSING];

export interface PaymentIntentDeps {
  transactions: PaymentTransactions;
  settlement: PaymentSettlement;
  bookings: BookingFactsClient;
  /** The provider new intents go to. */
  provider: PaymentProvider;
  now?: () => Date;
}

/** createPaymentIntent and confirmPayment: the customer's side of paying a HOLD. */
export class PaymentIntentService {
  private readonly now: () => Date;

  constructor(
    private readonly deps: PaymentIntentDeps,
    private readonly viewer: Viewer | null,
  ) {
    this.now = deps.now ?? (() => new Date());
  }

  /**
   * The booking's customer only (anyone else NOT_FOUND); a HOLD within its time; amount and
   * currency from bookings. The same key returns its payment; another key returns the booking's
   * live intent; a booking already paid is INVALID_STATE.
   */
  async create(bookingId: string, idempotencyKey: string): Promise<PaymentRow> {
    const viewer = this.requireViewer();
    const key = checkedKey(idempotencyKey);
    const id = normaliseId(bookingId);
    if (!id) throw notFound("Booking");
    const replayed = await this.deps.transactions((writes) => writes.findByIdempotencyKey(viewer.userId, key));
    if (replayed) return sameBooking(replayed, id);
    const facts = await this.deps.bookings.facts(id);
    if (!facts || facts.customerId !== viewer.userId) throw notFound("Booking");
    this.assertPayable(facts);
    return this.deps.transactions(async (writes) => {
      await writes.lockBooking(id);
      const raced = await writes.findByIdempotencyKey(viewer.userId, key);
      if (raced) return sameBooking(raced, id);
      const payments = await writes.findByBooking(id);
      const live = payments.find((payment) => LIVE.includes(payment.status));
      if (live) return live;
      if (payments.some((payment) => payment.status === PaymentStatus.SUCCEEDED)) throw new AppError("INVALID_STATE", "This booking is paid already");
      const amount = formatAmount(facts.total, facts.currency);
      const intent = await this.deps.provider.createIntent({ amount, currency: facts.currency, idempotencyKey: `${viewer.userId}:${key}` });
      return this.deps.settlement.open(writes, {
        bookingId: id,
        customerId: viewer.userId,
        businessId: facts.businessId,
        businessOwnerId: facts.businessOwnerId,
        amount,
        currency: facts.currency,
        provider: this.deps.provider.name,
        providerPaymentId: intent.providerPaymentId,
        clientSecret: intent.clientSecret,
        idempotencyKey: key,
      });
    });
  }

  /**
   * Pays an intent with a method: the payer only; the hold must still run (HOLD_EXPIRED charges
   * nothing). The provider's immediate answer is settled at once (SUCCEEDED, FAILED, or
   * PROCESSING until its webhook); the webhook of the same outcome then changes nothing.
   */
  async confirm(paymentId: string, paymentMethod: string): Promise<PaymentRow> {
    const viewer = this.requireViewer();
    const id = normaliseId(paymentId);
    if (!id) throw notFound("Payment");
    if (paymentMethod.trim() === "" || paymentMethod.length > 200) throw badInput("paymentMethod", "paymentMethod must be a payment method id");
    const current = await this.deps.transactions((writes) => writes.findPayment(id));
    assertPayer(current, viewer);
    assertConfirmable(current!);
    const facts = await this.deps.bookings.facts(current!.bookingId);
    if (!facts) throw notFound("Booking");
    this.assertPayable(facts);
    return this.deps.transactions(async (writes) => {
      const payment = await writes.lockPayment(id);
      assertConfirmable(payment!);
      const provider = this.deps.settlement.provider(payment!.provider);
      let outcome;
      try {
        outcome = await provider.confirm({ providerPaymentId: payment!.providerPaymentId!, paymentMethod });
      } catch (error) {
        if (error instanceof UnknownPaymentMethodError) throw badInput("paymentMethod", `Unknown payment method ${paymentMethod}`);
        if (error instanceof ProviderStateError) throw new AppError("INVALID_STATE", "The provider cannot confirm this payment now");
        throw error;
      }
      switch (outcome.status) {
        case "SUCCEEDED":
          return this.deps.settlement.succeed(writes, payment!);
        case "FAILED":
          return this.deps.settlement.fail(writes, payment!, outcome.failureReason);
        case "PROCESSING":
          return this.deps.settlement.processing(writes, payment!);
      }
    });
  }

  /** A HOLD whose time still runs; HOLD_EXPIRED once holdExpiresAt has passed, shown EXPIRED or not. */
  private assertPayable(facts: BookingFacts): void {
    const runOut = facts.holdExpiresAt !== null && new Date(facts.holdExpiresAt).getTime() <= this.now().getTime();
    if (facts.status === BookingStatus.EXPIRED || (facts.status === BookingStatus.HOLD && runOut)) {
      throw new AppError("HOLD_EXPIRED", "The booking's hold ran out: book again");
    }
    if (facts.status !== BookingStatus.HOLD) throw new AppError("INVALID_STATE", `A ${facts.status} booking cannot be paid (only a HOLD)`);
  }

  private requireViewer(): Viewer {
    if (!this.viewer) throw unauthenticated();
    return this.viewer;
  }
}

function checkedKey(idempotencyKey: string): string {
  const key = idempotencyKey.trim();
  if (key === "" || key.length > MAX_IDEMPOTENCY_KEY) throw badInput("idempotencyKey", `idempotencyKey must be 1 to ${MAX_IDEMPOTENCY_KEY} characters`);
  return key;
}

/** A key belongs to one booking: reused for another, it is IDEMPOTENCY_KEY_REUSED. */
function sameBooking(payment: PaymentRow, bookingId: string): PaymentRow {
  if (payment.bookingId !== bookingId) throw new AppError("IDEMPOTENCY_KEY_REUSED", "This idempotency key was used for another booking");
  return payment;
}

/** The payer confirms; the owner and admins may see the payment (FORBIDDEN); anyone else NOT_FOUND. */
function assertPayer(payment: PaymentRow | null, viewer: Viewer): void {
  if (!payment) throw notFound("Payment");
  if (payment.customerId === viewer.userId) return;
  if (payment.businessOwnerId === viewer.userId || viewer.role === Role.ADMIN) throw forbidden("Only the paying customer can confirm a payment");
  throw notFound("Payment");
}

function assertConfirmable(payment: PaymentRow): void {
  if (payment.status !== PaymentStatus.REQUIRES_PAYMENT_METHOD) {
    throw new AppError("INVALID_STATE", `A ${payment.status} payment cannot be confirmed (only one that requires a payment method)`);
  }
}
