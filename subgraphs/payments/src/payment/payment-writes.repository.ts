import { publishEvent, type JsonValue } from "@booking/events";
import { Decimal } from "decimal.js";
import type { Prisma } from "../generated/prisma/client.js";
import type { LedgerLine } from "../ledger-entry/ledger-postings.js";
import { refundColumns } from "../refund/refund.repository.js";
import type { RefundStatus } from "../refund/refund.type.js";
import { paymentColumns, type PaymentRow } from "./payment.repository.js";

/** The pool, or one transaction's connection. */
export type PaymentsDbClient = Prisma.TransactionClient;

const refundRecordColumns = { ...refundColumns, idempotencyKey: true, providerRefundId: true } satisfies Prisma.RefundSelect;

export type RefundRecord = Prisma.RefundGetPayload<{ select: typeof refundRecordColumns }>;

export interface NewPayment {
  bookingId: string;
  customerId: string;
  businessId: string;
  businessOwnerId: string;
  amount: string;
  currency: string;
  provider: string;
  providerPaymentId: string;
  clientSecret: string;
  idempotencyKey: string;
}

/** Limits of a payments transaction, which may wait on a provider's answer or a row lock. */
export const PAYMENT_TRANSACTION = { maxWait: 15_000, timeout: 30_000 } as const;

/** Runs `work` in one transaction of the payments database, with writes bound to it (from the unit of work). */
export type PaymentTransactions = <T>(work: (writes: PaymentWrites) => Promise<T>) => Promise<T>;

/**
 * SQL that changes payments, refunds and the ledger, inside one transaction; no rules. Rows are
 * locked before they are read for a change, so concurrent settlements of one payment queue up.
 */
export class PaymentWrites {
  constructor(private readonly db: PaymentsDbClient) {}

  /** Serialises intent creation for one booking until the transaction ends. */
  async lockBooking(bookingId: string): Promise<void> {
    await this.db.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtext(${`payment-intent:${bookingId}`}))`;
  }

  findPayment(id: string): Promise<PaymentRow | null> {
    return this.db.payment.findUnique({ where: { id }, select: paymentColumns });
  }

  findByIdempotencyKey(customerId: string, idempotencyKey: string): Promise<PaymentRow | null> {
    return this.db.payment.findUnique({ where: { customerId_idempotencyKey: { customerId, idempotencyKey } }, select: paymentColumns });
  }

  /** The booking's payments, oldest first. */
  findByBooking(bookingId: string): Promise<PaymentRow[]> {
    return this.db.payment.findMany({ where: { bookingId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: paymentColumns });
  }

  insertPayment(payment: NewPayment): Promise<PaymentRow> {
    return this.db.payment.create({ data: payment, select: paymentColumns });
  }

  /** The payment under a row lock until the transaction ends. */
  async lockPayment(id: string): Promise<PaymentRow | null> {
    const locked = await this.db.$queryRaw<{ id: string }[]>`SELECT "id" FROM "payments" WHERE "id" = ${id}::uuid FOR UPDATE`;
    return locked.length === 0 ? null : this.db.payment.findUnique({ where: { id }, select: paymentColumns });
  }

  /** The payment a provider's id names, under a row lock. */
  async lockPaymentOfProvider(provider: string, providerPaymentId: string): Promise<PaymentRow | null> {
    const [locked] = await this.db.$queryRaw<{ id: string }[]>`
      SELECT "id" FROM "payments" WHERE "provider" = ${provider} AND "provider_payment_id" = ${providerPaymentId} FOR UPDATE`;
    return locked ? this.db.payment.findUnique({ where: { id: locked.id }, select: paymentColumns }) : null;
  }

  setStatus(id: string, status: PaymentRow["status"], failureReason: string | null = null): Promise<PaymentRow> {
    return this.db.payment.update({ where: { id }, data: { status, failureReason }, select: paymentColumns });
  }

  async addLedgerLines(payment: Pick<PaymentRow, "id" | "currency">, lines: readonly LedgerLine[], refundId: string | null = null): Promise<void> {
    if (lines.length === 0) return;
    await this.db.ledgerEntry.createMany({
      data: lines.map((line) => ({ paymentId: payment.id, account: line.account, type: line.type, amount: line.amount.toString(), currency: payment.currency, refundId })),
    });
  }

  /** The commission the payment's capture credited. */
  async capturedCommission(paymentId: string): Promise<Decimal> {
    const sum = await this.db.ledgerEntry.aggregate({ where: { paymentId, account: "COMMISSION", type: "CREDIT" }, _sum: { amount: true } });
    return new Decimal((sum._sum.amount ?? 0).toString());
  }

  refundsOf(paymentId: string): Promise<RefundRecord[]> {
    return this.db.refund.findMany({ where: { paymentId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: refundRecordColumns });
  }

  insertRefund(refund: { paymentId: string; amount: Decimal; reason: string | null; idempotencyKey: string }): Promise<RefundRecord> {
    return this.db.refund.create({ data: { ...refund, amount: refund.amount.toString() }, select: refundRecordColumns });
  }

  updateRefund(id: string, change: { status?: RefundStatus; providerRefundId?: string }): Promise<RefundRecord> {
    return this.db.refund.update({ where: { id }, data: change, select: refundRecordColumns });
  }

  /** Records a provider event as applied; false when it already was (a redelivery). */
  async recordWebhookEvent(event: { provider: string; eventId: string; type: string; paymentId: string }): Promise<boolean> {
    const inserted = await this.db.$executeRaw`
      INSERT INTO "webhook_events" ("provider", "event_id", "type", "payment_id")
      VALUES (${event.provider}, ${event.eventId}, ${event.type}, ${event.paymentId}::uuid)
      ON CONFLICT DO NOTHING`;
    return inserted === 1;
  }

  /** Writes an event to the outbox: published when this transaction commits. */
  async publish(type: string, payload: JsonValue): Promise<void> {
    await publishEvent(this.db, { type, source: "payments", payload });
  }
}
