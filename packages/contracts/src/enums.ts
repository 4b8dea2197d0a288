import { registerEnumType } from "type-graphql";

// Every enum more than one place uses (a GraphQL type, a Prisma column, an internal endpoint's
// JSON) is declared once here, as a const object and the union of its values: composition always
// sees the same values, and a Prisma enum that drifts from its contract fails the build (each
// subgraph's `prisma-enums.ts` checks them with `SameValues`). Role, the caller's, lives with
// the trust chain in @booking/common.

/** The union of an enum object's values. */
type ValuesOf<T> = T[keyof T];

/** An enum object whose keys are its values (`BookingStatus.HOLD === "HOLD"`), registered as a GraphQL enum. */
function graphqlEnum<const V extends string>(name: string, values: readonly V[], description?: string): { readonly [K in V]: K } {
  const object = Object.fromEntries(values.map((value) => [value, value])) as { readonly [K in V]: K };
  registerEnumType(object, { name, description });
  return object;
}

/**
 * `true` when two string unions hold exactly the same values, else `false`: write
 * `true satisfies SameValues<PrismaEnum, ContractEnum>` to make a drift a compile error.
 */
export type SameValues<A extends string, B extends string> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

export const BusinessType = graphqlEnum("BusinessType", ["HOTEL", "CLINIC", "SALON", "CO_WORKING", "OTHER"]);
export type BusinessType = ValuesOf<typeof BusinessType>;

export const BusinessStatus = graphqlEnum("BusinessStatus", ["PENDING", "ACTIVE", "INACTIVE", "SUSPENDED", "DELETED"]);
export type BusinessStatus = ValuesOf<typeof BusinessStatus>;

export const ResourceType = graphqlEnum("ResourceType", ["HOTEL_ROOM", "DOCTOR_SLOT", "SALON_CHAIR", "DESK", "OTHER"]);
export type ResourceType = ValuesOf<typeof ResourceType>;

export const ResourceStatus = graphqlEnum("ResourceStatus", ["ACTIVE", "INACTIVE", "MAINTENANCE", "DELETED"]);
export type ResourceStatus = ValuesOf<typeof ResourceStatus>;

export const PriceUnit = graphqlEnum("PriceUnit", ["HOUR", "DAY", "NIGHT", "SLOT"], "How a booking's length turns into billable units:\nHOUR: whole hours; DAY: whole 24-hour days; NIGHT: local calendar nights crossed\n(check-in date to check-out date in the business time zone); SLOT: fixed slots of\nslotMinutes aligned to the opening time.");
export type PriceUnit = ValuesOf<typeof PriceUnit>;

export const UserStatus = graphqlEnum("UserStatus", ["PENDING_VERIFICATION", "ACTIVE", "SUSPENDED", "DELETED"]);
export type UserStatus = ValuesOf<typeof UserStatus>;

export const BookingStatus = graphqlEnum("BookingStatus", ["HOLD", "CONFIRMED", "COMPLETED", "CANCELLED", "EXPIRED", "NO_SHOW"]);
export type BookingStatus = ValuesOf<typeof BookingStatus>;

export const BookingEventType = graphqlEnum("BookingEventType", ["CREATED", "CONFIRMED", "CANCELLED", "EXPIRED", "COMPLETED", "NO_SHOW", "PAYMENT_UPDATED"]);
export type BookingEventType = ValuesOf<typeof BookingEventType>;

export const PaymentStatus = graphqlEnum("PaymentStatus", ["REQUIRES_PAYMENT_METHOD", "PROCESSING", "SUCCEEDED", "FAILED", "CANCELED"]);
export type PaymentStatus = ValuesOf<typeof PaymentStatus>;
