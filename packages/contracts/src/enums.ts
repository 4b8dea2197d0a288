import { registerEnumType } from "type-graphql";

// Every enum more than one place uses (a GraphQL type, a Prisma column, an internal endpoint's
// JSON) is declared once here, as a const object and the union of its values: composition always
// sees the same values, and a Prisma enum that drifts from its contract fails the build (each
// subgraph's `prisma-enums.ts` checks them with `SameValues`). Role, the caller's, lives with
// the trust chain in @booking/common.

/** The union of an enum object's values. */
type ValuesOf<T> = T[keyof T];

/**
 * `true` when two string unions hold exactly the same values, else `false`: write
 * `true satisfies SameValues<PrismaEnum, ContractEnum>` to make a drift a compile error.
 */
export type SameValues<A extends string, B extends string> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

export const BusinessType = {
  HOTEL: "HOTEL",
  CLINIC: "CLINIC",
  SALON: "SALON",
  CO_WORKING: "CO_WORKING",
  OTHER: "OTHER",
} as const;
export type BusinessType = ValuesOf<typeof BusinessType>;
registerEnumType(BusinessType, { name: "BusinessType" });

export const BusinessStatus = {
  PENDING: "PENDING",
  ACTIVE: "ACTIVE",
  INACTIVE: "INACTIVE",
  SUSPENDED: "SUSPENDED",
  DELETED: "DELETED",
} as const;
export type BusinessStatus = ValuesOf<typeof BusinessStatus>;
registerEnumType(BusinessStatus, { name: "BusinessStatus" });

export const ResourceType = {
  HOTEL_ROOM: "HOTEL_ROOM",
  DOCTOR_SLOT: "DOCTOR_SLOT",
  SALON_CHAIR: "SALON_CHAIR",
  DESK: "DESK",
  OTHER: "OTHER",
} as const;
export type ResourceType = ValuesOf<typeof ResourceType>;
registerEnumType(ResourceType, { name: "ResourceType" });

export const ResourceStatus = {
  ACTIVE: "ACTIVE",
  INACTIVE: "INACTIVE",
  MAINTENANCE: "MAINTENANCE",
  DELETED: "DELETED",
} as const;
export type ResourceStatus = ValuesOf<typeof ResourceStatus>;
registerEnumType(ResourceStatus, { name: "ResourceStatus" });

export const PriceUnit = {
  HOUR: "HOUR",
  DAY: "DAY",
  NIGHT: "NIGHT",
  SLOT: "SLOT",
} as const;
export type PriceUnit = ValuesOf<typeof PriceUnit>;
registerEnumType(PriceUnit, {
  name: "PriceUnit",
  description:
    "How a booking's length turns into billable units:\nHOUR: whole hours; DAY: whole 24-hour days; NIGHT: local calendar nights crossed\n(check-in date to check-out date in the business time zone); SLOT: fixed slots of\nslotMinutes aligned to the opening time.",
});

export const UserStatus = {
  PENDING_VERIFICATION: "PENDING_VERIFICATION",
  ACTIVE: "ACTIVE",
  SUSPENDED: "SUSPENDED",
  DELETED: "DELETED",
} as const;
export type UserStatus = ValuesOf<typeof UserStatus>;
registerEnumType(UserStatus, { name: "UserStatus" });

export const BookingStatus = {
  HOLD: "HOLD",
  CONFIRMED: "CONFIRMED",
  COMPLETED: "COMPLETED",
  CANCELLED: "CANCELLED",
  EXPIRED: "EXPIRED",
  NO_SHOW: "NO_SHOW",
} as const;
export type BookingStatus = ValuesOf<typeof BookingStatus>;
registerEnumType(BookingStatus, { name: "BookingStatus" });

export const BookingEventType = {
  CREATED: "CREATED",
  CONFIRMED: "CONFIRMED",
  CANCELLED: "CANCELLED",
  EXPIRED: "EXPIRED",
  COMPLETED: "COMPLETED",
  NO_SHOW: "NO_SHOW",
  PAYMENT_UPDATED: "PAYMENT_UPDATED",
} as const;
export type BookingEventType = ValuesOf<typeof BookingEventType>;
registerEnumType(BookingEventType, { name: "BookingEventType" });

export const PaymentStatus = {
  REQUIRES_PAYMENT_METHOD: "REQUIRES_PAYMENT_METHOD",
  PROCESSING: "PROCESSING",
  SUCCEEDED: "SUCCEEDED",
  FAILED: "FAILED",
  CANCELED: "CANCELED",
} as const;
export type PaymentStatus = ValuesOf<typeof PaymentStatus>;
registerEnumType(PaymentStatus, { name: "PaymentStatus" });
