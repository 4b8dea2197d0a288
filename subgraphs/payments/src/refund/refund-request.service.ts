import { Role, badInput, forbidden, normaliseId, notFound, unauthenticated, type Viewer } from "@booking/common";
import type { Decimal } from "decimal.js";
import type { PaymentTransactions } from "../payment/payment-writes.repository.js";
import type { PaymentSettlement } from "../payment/payment-settlement.service.js";
import type { RefundView } from "./refund.service.js";

const MAX_IDEMPOTENCY_KEY = 200;
const MAX_REASON = 500;

/** refundPayment: the business owner or an admin gives money back, idempotent per key. */
export class RefundRequestService {
  constructor(
    private readonly transactions: PaymentTransactions,
    private readonly settlement: PaymentSettlement,
    private readonly viewer: Viewer | null,
  ) {}

  async refund(paymentId: string, amount: Decimal | null | undefined, reason: string | null | undefined, idempotencyKey: string): Promise<RefundView> {
    const viewer = this.viewer;
    if (!viewer) throw unauthenticated();
    const key = idempotencyKey.trim();
    if (key === "" || key.length > MAX_IDEMPOTENCY_KEY) throw badInput("idempotencyKey", `idempotencyKey must be 1 to ${MAX_IDEMPOTENCY_KEY} characters`);
    const trimmedReason = reason?.trim() || null;
    if (trimmedReason !== null && trimmedReason.length > MAX_REASON) throw badInput("reason", `reason must be at most ${MAX_REASON} characters`);
    const id = normaliseId(paymentId);
    if (!id) throw notFound("Payment");
    return this.transactions(async (writes) => {
      const payment = await writes.lockPayment(id);
      if (!payment) throw notFound("Payment");
      const mayRefund = viewer.role === Role.ADMIN || viewer.userId === payment.businessOwnerId;
      if (!mayRefund) {
        // The payer may see the payment, so learns it exists; anyone else may not.
        if (viewer.userId === payment.customerId) throw forbidden("Only the business owner or an admin can refund");
        throw notFound("Payment");
      }
      const refund = await this.settlement.refund(writes, payment, { amount: amount ?? null, reason: trimmedReason, idempotencyKey: key });
      return { ...refund, currency: payment.currency };
    });
  }
}
