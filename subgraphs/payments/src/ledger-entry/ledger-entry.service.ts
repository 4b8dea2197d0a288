import { loaderOfMany } from "@booking/common";
import type { PaymentRow } from "../payment/payment.repository.js";
import type { PaymentService } from "../payment/payment.service.js";
import type { LedgerEntryRepository, LedgerEntryRow } from "./ledger-entry.repository.js";

/** Ledger entries of payments; one query serves a whole list of payments. */
export class LedgerEntryService {
  private readonly byPayment;

  constructor(
    private readonly entries: LedgerEntryRepository,
    private readonly payments: PaymentService,
  ) {
    this.byPayment = loaderOfMany((ids: readonly string[]) => this.entries.findByPaymentIds(ids), (row: LedgerEntryRow) => row.paymentId);
  }

  /** Payment.ledgerEntries: the owner's and admins' books; an empty list for anyone else. */
  async ofPayment(payment: PaymentRow): Promise<LedgerEntryRow[]> {
    return this.payments.canSeeLedger(payment) ? this.byPayment.load(payment.id) : [];
  }
}
