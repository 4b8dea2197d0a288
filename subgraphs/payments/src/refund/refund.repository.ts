import type { Prisma } from "../generated/prisma/client.js";
import type { PaymentsDbClient } from "../payment/payment-writes.repository.js";

/** What a refund's reads select; the writes add the keys they match on (payment-writes.repository.ts). */
export const refundColumns = {
  id: true,
  paymentId: true,
  amount: true,
  status: true,
  reason: true,
  createdAt: true,
} satisfies Prisma.RefundSelect;

export type RefundRow = Prisma.RefundGetPayload<{ select: typeof refundColumns }>;

/** SQL for refunds; no rules. */
export class RefundRepository {
  constructor(private readonly db: PaymentsDbClient) {}

  /** Every refund of each payment, oldest first. */
  findByPaymentIds(paymentIds: readonly string[]): Promise<RefundRow[]> {
    return this.db.refund.findMany({
      where: { paymentId: { in: [...paymentIds] } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: refundColumns,
    });
  }
}
