import type { RequestContext, Viewer } from "@booking/common";
import type { PrismaClient } from "./generated/prisma/client.js";
import { LedgerEntryRepository } from "./ledger-entry/ledger-entry.repository.js";
import { LedgerEntryService } from "./ledger-entry/ledger-entry.service.js";
import { PaymentRepository } from "./payment/payment.repository.js";
import { PaymentService } from "./payment/payment.service.js";
import { RefundRepository } from "./refund/refund.repository.js";
import { RefundService } from "./refund/refund.service.js";

export interface PaymentsContext extends RequestContext {
  payments: PaymentService;
  refunds: RefundService;
  ledgerEntries: LedgerEntryService;
}

/** Everything one request needs; its loaders live and die with it. */
export function createContext(db: PrismaClient, viewer: Viewer | null): PaymentsContext {
  const payments = new PaymentService(new PaymentRepository(db), viewer);
  return {
    viewer,
    payments,
    refunds: new RefundService(new RefundRepository(db)),
    ledgerEntries: new LedgerEntryService(new LedgerEntryRepository(db), payments),
  };
}
