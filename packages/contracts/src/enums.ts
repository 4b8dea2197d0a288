import { registerEnumType } from "type-graphql";

// Every enum more than one place uses (a GraphQL type, a Prisma column, an internal endpoint's
// JSON) is declared once here, as a const object and the union of its values: composition always
// sees the same values, and a Prisma enum that drifts from its contract fails the build (each
// subgraph's `prisma-enums.ts` checks them with `SameValues`). Role, the caller's, lives with
// the trust chain in @booking/common.

/** The union of an enum object's values. */
type ValuesOf<T> = T[keyof T];

/**
 * An enum object whose keys are its values (`BookingStatus.HOLD === "HOLD"`), registered as a
 * GraphQL enum with a description for the type and for each value (the partners' reference is
 * generated from them).
 */
function graphqlEnum<const V extends string>(name: string, description: string, values: { readonly [K in V]: string }): { readonly [K in V]: K } {
  const keys = Object.keys(values) as V[];
  const object = Object.fromEntries(keys.map((value) => [value, value])) as { readonly [K in V]: K };
  const valuesConfig = Object.fromEntries(keys.map((value) => [value, { description: values[value] }])) as Partial<Record<V, { description: string }>>;
  registerEnumType(object, { name, description, valuesConfig });
  return object;
}

/**
 * `true` when two string unions hold exactly the same values, else `false`: write
 * `true satisfies SameValues<PrismaEnum, ContractEnum>` to make a drift a compile error.
 */
export type SameValues<A extends string, B extends string> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

export const BusinessType = graphqlEnum("BusinessType", "What kind of business it is.", {
  HOTEL: "rooms by the night",
  CLINIC: "doctors' appointment slots",
  SALON: "chairs by the hour",
  CO_WORKING: "desks and meeting rooms",
  OTHER: "anything else bookable",
});
export type BusinessType = ValuesOf<typeof BusinessType>;

export const BusinessStatus = graphqlEnum("BusinessStatus", "A business's state.", {
  PENDING: "created, waiting for an admin's verification",
  ACTIVE: "public and bookable",
  INACTIVE: "hidden by its owner for a while",
  SUSPENDED: "hidden by an admin",
  DELETED: "soft-deleted by an admin: read-only to its owner",
});
export type BusinessStatus = ValuesOf<typeof BusinessStatus>;

export const ResourceType = graphqlEnum("ResourceType", "What kind of resource it is.", {
  HOTEL_ROOM: "a room, usually by the NIGHT",
  DOCTOR_SLOT: "a doctor's time, usually in SLOTs",
  SALON_CHAIR: "a chair, usually by the HOUR",
  DESK: "a desk or room, by the HOUR or DAY",
  OTHER: "anything else",
});
export type ResourceType = ValuesOf<typeof ResourceType>;

export const ResourceStatus = graphqlEnum("ResourceStatus", "A resource's state.", {
  ACTIVE: "bookable",
  INACTIVE: "hidden by its owner",
  MAINTENANCE: "temporarily out of service: not bookable, and hidden from the public",
  DELETED: "soft-deleted",
});
export type ResourceStatus = ValuesOf<typeof ResourceStatus>;

export const PriceUnit = graphqlEnum("PriceUnit", "How a booking's length turns into billable units:\nHOUR: whole hours; DAY: whole 24-hour days; NIGHT: local calendar nights crossed\n(check-in date to check-out date in the business time zone); SLOT: fixed slots of\nslotMinutes aligned to the opening time.", {
  HOUR: "whole hours of elapsed time",
  DAY: "whole 24-hour days",
  NIGHT: "local nights from check-in date to check-out date",
  SLOT: "fixed slots of slotMinutes aligned to the opening time",
});
export type PriceUnit = ValuesOf<typeof PriceUnit>;

export const UserStatus = graphqlEnum("UserStatus", "A user account's state.", {
  PENDING_VERIFICATION: "registered; the emailed code has not been verified yet",
  ACTIVE: "may sign in and act",
  SUSPENDED: "blocked by an admin: sign-in and tokens fail with ACCOUNT_SUSPENDED",
  DELETED: "removed by an admin; kept for history",
});
export type UserStatus = ValuesOf<typeof UserStatus>;

export const BookingStatus = graphqlEnum("BookingStatus", "Where a booking is in its lifecycle.", {
  HOLD: "units held for BOOKING_HOLD_SECONDS, waiting for payment or the owner's confirmation",
  CONFIRMED: "confirmed by payment or by the owner",
  COMPLETED: "took place",
  CANCELLED: "cancelled by the customer, the owner or an admin",
  EXPIRED: "the hold ran out; its units are free again",
  NO_SHOW: "the customer did not come",
});
export type BookingStatus = ValuesOf<typeof BookingStatus>;

export const WaitlistStatus = graphqlEnum(
  "WaitlistStatus",
  "WAITING: in line for a range that was full. OFFERED: units freed up and a HOLD was made for the entry (see booking); the customer pays it like any HOLD. EXPIRED: the range started before units freed up. CANCELLED: left by the customer.",
  {
    WAITING: "in line: served in join order when units free up",
    OFFERED: "a HOLD was made for the entry (its booking)",
    EXPIRED: "the range started before units freed up, or the offered HOLD ran out",
    CANCELLED: "left by the customer, or the offered HOLD was cancelled",
  },
);
export type WaitlistStatus = ValuesOf<typeof WaitlistStatus>;

export const BookingEventType = graphqlEnum("BookingEventType", "What happened to a booking.", {
  CREATED: "a HOLD was made",
  CONFIRMED: "it became CONFIRMED",
  CANCELLED: "it was cancelled",
  EXPIRED: "its hold ran out",
  COMPLETED: "the owner marked it completed",
  NO_SHOW: "the owner marked a no-show",
  PAYMENT_UPDATED: "one of its payments changed",
});
export type BookingEventType = ValuesOf<typeof BookingEventType>;

export const PaymentStatus = graphqlEnum("PaymentStatus", "Where a payment is with its provider.", {
  REQUIRES_PAYMENT_METHOD: "created; confirmPayment with a method next",
  PROCESSING: "the provider is working on it",
  SUCCEEDED: "captured",
  FAILED: "the provider refused it (failureReason)",
  CANCELED: "abandoned before capture",
});
export type PaymentStatus = ValuesOf<typeof PaymentStatus>;
