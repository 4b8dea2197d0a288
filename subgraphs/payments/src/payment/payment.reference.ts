import type { PaymentsContext } from "../context.js";
import type { PaymentRow } from "./payment.repository.js";

/** Payment references, batched and under the same visibility rule as Query.payment. */
export function resolvePaymentReference(reference: { id: string }, ctx: PaymentsContext): Promise<PaymentRow | null> {
  return ctx.payments.byReference(reference.id);
}
