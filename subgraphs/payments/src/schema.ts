import { buildFederatedSchema } from "@booking/common";
import { resolveBookingReference } from "./booking/booking.reference.js";
import { BookingPaymentsResolver } from "./booking/booking.resolver.js";
import { LedgerEntryResolver } from "./ledger-entry/ledger-entry.resolver.js";
import { resolvePaymentReference } from "./payment/payment.reference.js";
import { PaymentResolver } from "./payment/payment.resolver.js";
import { RefundResolver } from "./refund/refund.resolver.js";

export async function buildPaymentsSchema() {
  return buildFederatedSchema(
    { resolvers: [PaymentResolver, RefundResolver, LedgerEntryResolver, BookingPaymentsResolver] },
    {
      Payment: { __resolveReference: resolvePaymentReference },
      Booking: { __resolveReference: resolveBookingReference },
    },
  );
}
