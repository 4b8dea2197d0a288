import { PaymentStatus } from "@booking/contracts";
import { Counter, type Registry } from "prom-client";

/** What payments reports of its payments (`/metrics`). */
export interface PaymentMetrics {
  /** A payment entered `status` (a new intent enters REQUIRES_PAYMENT_METHOD). */
  entered(status: PaymentStatus): void;
}

/**
 * `payments_status_changes_total{status}`: payments entering each status, counted where the
 * change is written (PaymentSettlement). A transaction that fails after the change (its ledger
 * lines or event, rarely) rolls it back and may count it once more when it is retried.
 */
export function paymentMetrics(registry: Registry): PaymentMetrics {
  const changes = new Counter({
    name: "payments_status_changes_total",
    help: "Payments entering each status, by status (a new intent enters REQUIRES_PAYMENT_METHOD)",
    labelNames: ["status"],
    registers: [registry],
  });
  // Every status has a series from the start (a bounded set: the contract's enum).
  for (const status of Object.values(PaymentStatus)) changes.inc({ status }, 0);
  return { entered: (status) => changes.inc({ status }) };
}

/** For settlements that report nothing (tools, unit tests). */
export const UNREPORTED: PaymentMetrics = { entered: () => undefined };
