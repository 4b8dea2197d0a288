import type { Prisma } from "../generated/prisma/client.js";
import type { PaymentsDbClient } from "./payment-writes.repository.js";

export const paymentColumns = {
  id: true,
  bookingId: true,
  customerId: true,
  businessId: true,
  businessOwnerId: true,
  amount: true,
  currency: true,
  status: true,
  provider: true,
  providerPaymentId: true,
  clientSecret: true,
  failureReason: true,
  createdAt: true,
} satisfies Prisma.PaymentSelect;

export type PaymentRow = Prisma.PaymentGetPayload<{ select: typeof paymentColumns }>;

/** SQL for payments; no rules. */
export class PaymentRepository {
  constructor(private readonly db: PaymentsDbClient) {}

  findByIds(ids: readonly string[]): Promise<PaymentRow[]> {
    return this.db.payment.findMany({ where: { id: { in: [...ids] } }, select: paymentColumns });
  }

  /** Every payment of each booking, oldest first. */
  findByBookingIds(bookingIds: readonly string[]): Promise<PaymentRow[]> {
    return this.db.payment.findMany({
      where: { bookingId: { in: [...bookingIds] } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: paymentColumns,
    });
  }
}
