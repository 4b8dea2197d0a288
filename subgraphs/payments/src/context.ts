import type { Caller, RequestContext } from "@booking/common";
import { LedgerEntryService } from "./ledger-entry/ledger-entry.service.js";
import { PaymentIntentService, type PaymentIntentDeps } from "./payment/payment-intent.service.js";
import { PaymentService } from "./payment/payment.service.js";
import { RefundRequestService } from "./refund/refund-request.service.js";
import { RefundService } from "./refund/refund.service.js";
import type { PaymentsUnitOfWork } from "./repositories.js";

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
  uow: PaymentsUnitOfWork;
}

/** Everything one request needs; its loaders live and die with it. */
export function createContext(runtime: PaymentsRuntime, caller: Caller): PaymentsContext {
  const { viewer } = caller;
  const { repositories } = runtime.uow;
  const payments = new PaymentService(repositories.payments, viewer);
  return {
    viewer,
    payments,
    intents: new PaymentIntentService(runtime, viewer),
    refunds: new RefundService(repositories.refunds),
    refundRequests: new RefundRequestService(runtime.transactions, runtime.settlement, viewer),
    ledgerEntries: new LedgerEntryService(repositories.ledgerEntries, payments),
  };
}
