import type { Prisma } from "../generated/prisma/client.js";
import type { PaymentsDbClient } from "../payment/payment-writes.repository.js";

const ledgerEntryColumns = {
  id: true,
  paymentId: true,
  account: true,
  type: true,
  amount: true,
  currency: true,
  createdAt: true,
} satisfies Prisma.LedgerEntrySelect;

export type LedgerEntryRow = Prisma.LedgerEntryGetPayload<{ select: typeof ledgerEntryColumns }>;

/** SQL for ledger entries; no rules. */
export class LedgerEntryRepository {
  constructor(private readonly db: PaymentsDbClient) {}

  /** Every entry of each payment, oldest first. */
  findByPaymentIds(paymentIds: readonly string[]): Promise<LedgerEntryRow[]> {
    return this.db.ledgerEntry.findMany({
      where: { paymentId: { in: [...paymentIds] } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: ledgerEntryColumns,
    });
  }
}
