import type { Caller, RequestContext } from "@booking/common";
import type { PrismaClient } from "./generated/prisma/client.js";
import { LedgerEntryRepository } from "./ledger-entry/ledger-entry.repository.js";
import { LedgerEntryService } from "./ledger-entry/ledger-entry.service.js";
import { PaymentIntentService, type PaymentIntentDeps } from "./payment/payment-intent.service.js";
import { PaymentRepository } from "./payment/payment.repository.js";
import { PaymentService } from "./payment/payment.service.js";
import { RefundRequestService } from "./refund/refund-request.service.js";
import { RefundRepository } from "./refund/refund.repository.js";
import { RefundService } from "./refund/refund.service.js";

export interface PaymentsContext extends RequestContext {
  /** reads and who may see what */
  payments: PaymentService;
  /** createPaymentIntent, confirmPayment */
  intents: PaymentIntentService;
  refunds: RefundService;
  /** refundPayment */
  refundRequests: RefundRequestService;
  ledgerEntries: LedgerEntryService;
}

/** The long-lived parts every request shares. */
export interface PaymentsRuntime extends PaymentIntentDeps {
  db: PrismaClient;
}

/** Everything one request needs; its loaders live and die with it. */
export function createContext(runtime: PaymentsRuntime, caller: Caller): PaymentsContext {
  const { viewer } = caller;
  const payments = new PaymentService(new PaymentRepository(runtime.db), viewer);
  return {
    viewer,
    payments,
    intents: new PaymentIntentService(runtime, viewer),
    refunds: new RefundService(new RefundRepository(runtime.db)),
    refundRequests: new RefundRequestService(runtime.transactions, runtime.settlement, viewer),
    ledgerEntries: new LedgerEntryService(new LedgerEntryRepository(runtime.db), payments),
  };
}
