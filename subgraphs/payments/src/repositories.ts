import type { UnitOfWorkOf } from "@booking/common";
import { EventInboxRepository } from "@booking/events";
import { LedgerEntryRepository } from "./ledger-entry/ledger-entry.repository.js";
import { PaymentWrites, type PaymentsDbClient } from "./payment/payment-writes.repository.js";
import { PaymentRepository } from "./payment/payment.repository.js";
import { RefundRepository } from "./refund/refund.repository.js";

/** Every repository of the payments database, on one client (the pool or a transaction's). */
export function paymentsRepositories(db: PaymentsDbClient) {
  return {
    payments: new PaymentRepository(db),
    refunds: new RefundRepository(db),
    ledgerEntries: new LedgerEntryRepository(db),
    /** changes: intents, settlements, refunds, ledger lines, webhook ids, outbox events */
    writes: new PaymentWrites(db),
    inbox: new EventInboxRepository(db),
  };
}

/** What services get: repositories on the pool, and transactions over them. */
export type PaymentsUnitOfWork = UnitOfWorkOf<typeof paymentsRepositories>;
