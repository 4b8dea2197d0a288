import type { PaymentStatus, SameValues } from "@booking/contracts";
import type { RefundStatus } from "./refund/refund.type.js";
import type { LedgerAccount, LedgerEntryType } from "./ledger-entry/ledger-entry.type.js";
import type * as Prisma from "./generated/prisma/enums.js";

// The database's enums are the GraphQL and wire enums, value for value: a migration or a
// contract that changes one alone fails the build here rather than a query at run time.
export const PRISMA_ENUMS_MATCH = [
  true satisfies SameValues<Prisma.PaymentStatus, `${PaymentStatus}`>,
  true satisfies SameValues<Prisma.RefundStatus, `${RefundStatus}`>,
  true satisfies SameValues<Prisma.LedgerAccount, `${LedgerAccount}`>,
  true satisfies SameValues<Prisma.LedgerEntryType, `${LedgerEntryType}`>,
] as const;
