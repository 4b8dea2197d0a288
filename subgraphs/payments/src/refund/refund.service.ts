import { loaderOfMany, money, type Money } from "@booking/common";
import { Decimal } from "decimal.js";
import type { PaymentRow } from "../payment/payment.repository.js";
import type { RefundRepository, RefundRow } from "./refund.repository.js";
import { RefundStatus } from "./refund.type.js";

/** A refund with its payment's currency, which its amount is in. */
export type RefundView = RefundRow & { currency: string };

/** Refunds of payments the caller already may see; one query serves a whole list of payments. */
export class RefundService {
  private readonly byPayment;

  constructor(private readonly refunds: RefundRepository) {
    this.byPayment = loaderOfMany((ids: readonly string[]) => this.refunds.findByPaymentIds(ids), (row: RefundRow) => row.paymentId);
  }

  async ofPayment(payment: Pick<PaymentRow, "id" | "currency">): Promise<RefundView[]> {
    const rows = await this.byPayment.load(payment.id);
    return rows.map((row) => ({ ...row, currency: payment.currency }));
  }

  /** What has gone back to the customer: the succeeded refunds, summed exactly. */
  async refundedAmount(payment: Pick<PaymentRow, "id" | "currency">): Promise<Money> {
    const rows = await this.byPayment.load(payment.id);
    const refunded = rows
      .filter((row) => row.status === RefundStatus.SUCCEEDED)
      .reduce((sum, row) => sum.plus(row.amount.toString()), new Decimal(0));
    return money(refunded, payment.currency);
  }
}
