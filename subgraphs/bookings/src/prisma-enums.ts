import type { Role } from "@booking/common";
import type { BookingEventType, BookingStatus, PriceUnit, ResourceType, SameValues, WaitlistStatus } from "@booking/contracts";
import type * as Prisma from "./generated/prisma/enums.js";

// The database's enums are the GraphQL and wire enums, value for value: a migration or a
// contract that changes one alone fails the build here rather than a query at run time.
export const PRISMA_ENUMS_MATCH = [
  true satisfies SameValues<Prisma.Role, `${Role}`>,
  true satisfies SameValues<Prisma.BookingStatus, `${BookingStatus}`>,
  true satisfies SameValues<Prisma.BookingEventType, `${BookingEventType}`>,
  true satisfies SameValues<Prisma.ResourceType, `${ResourceType}`>,
  true satisfies SameValues<Prisma.PriceUnit, `${PriceUnit}`>,
  true satisfies SameValues<Prisma.WaitlistStatus, `${WaitlistStatus}`>,
] as const;
