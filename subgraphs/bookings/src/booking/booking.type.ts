import { DateTimeScalar, Money, Role, connectionTypes } from "@booking/common";
import { BookingStatus, PriceUnit, ResourceType } from "@booking/contracts";
import { ArgsType, Directive, Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { Business } from "../business/business.type.js";
import { Resource } from "../resource/resource.type.js";
import { User } from "../user/user.type.js";

@ObjectType({ description: "Frozen at booking time: later edits to the business or resource never change it." })
export class BookingSnapshot {
  @Field(() => String, { description: "the business's name" })
  businessName!: string;

  @Field(() => String, { description: "the resource's name" })
  resourceName!: string;

  @Field(() => ResourceType, { description: "the resource's type" })
  resourceType!: ResourceType;

  @Field(() => Money, { description: "the price per unit" })
  unitPrice!: Money;

  @Field(() => PriceUnit, { description: "the unit the price was per" })
  priceUnit!: PriceUnit;

  @Field(() => String, { description: "the business's IANA time zone" })
  timezone!: string;
}

@ObjectType({ description: "The customer's contact details, frozen at booking time; what the vendor sees." })
export class BookingContact {
  @Field(() => String, { description: "the customer's name", nullable: true })
  name!: string | null;

  @Field(() => String, { description: "the customer's email" })
  email!: string;

  @Field(() => String, { description: "the customer's phone, if given", nullable: true })
  phone!: string | null;
}

@ObjectType({ description: "One step of a booking's history." })
export class BookingStatusChange {
  @Field(() => BookingStatus, { description: "the status before; null for the booking's creation", name: "from", nullable: true })
  fromStatus!: BookingStatus | null;

  @Field(() => BookingStatus, { description: "the status after", name: "to" })
  toStatus!: BookingStatus;

  @Field(() => DateTimeScalar, { description: "when it changed" })
  at!: Date;

  @Field(() => String, { description: "why, if given", nullable: true })
  reason!: string | null;
}

@ObjectType({ description: "Owned by bookings." })
@Directive('@key(fields: "id")')
export class Booking {
  @Field(() => ID, { description: "stable id" })
  id!: string;

  @Field(() => String, { description: "short human-friendly unique reference" })
  bookingNumber!: string;

  @Field(() => BookingStatus, { description: "where it is in its lifecycle" })
  status!: BookingStatus;

  @Field(() => User, { description: "live entity references, resolved by their owning subgraphs" })
  customer!: User;

  @Field(() => Resource, { description: "the booked resource" })
  resource!: Resource;

  @Field(() => Business, { description: "the business that offers it" })
  business!: Business;

  @Field(() => BookingSnapshot, { description: "the business and resource as they were when booked" })
  snapshot!: BookingSnapshot;

  @Field(() => BookingContact, { description: "the customer's contact details at booking time" })
  contact!: BookingContact;

  @Field(() => DateTimeScalar, { description: "first booked instant" })
  startTime!: Date;

  @Field(() => DateTimeScalar, { description: "end of the booking (exclusive)" })
  endTime!: Date;

  @Field(() => Int, { description: "units of the resource booked at once" })
  quantity!: number;

  @Field(() => Int, { description: "billable units per PriceUnit" })
  units!: number;

  @Field(() => Money, { description: "unitPrice x units x quantity" })
  total!: Money;

  @Field(() => String, { description: "the customer's notes for the vendor", nullable: true })
  notes!: string | null;

  @Field(() => DateTimeScalar, { description: "while HOLD: when the hold runs out and becomes EXPIRED", nullable: true })
  holdExpiresAt!: Date | null;

  @Field(() => DateTimeScalar, { description: "when it was cancelled, if it was", nullable: true })
  cancelledAt!: Date | null;

  @Field(() => String, { description: "why it was cancelled, if given", nullable: true })
  cancelReason!: string | null;

  @Field(() => Role, { description: "the role of who cancelled it: CUSTOMER, VENDOR (the owner) or ADMIN", nullable: true })
  cancelledBy!: Role | null;

  @Field(() => [BookingStatusChange], { description: "every status change, oldest first" })
  history!: BookingStatusChange[];

  @Field(() => DateTimeScalar, { description: "when it was made" })
  createdAt!: Date;
}

export const { EdgeType: BookingEdge, ConnectionType: BookingConnection } = connectionTypes(() => Booking, "Booking");

@InputType({ description: "A HOLD on units of a resource for a range of time." })
export class CreateBookingInput {
  @Field(() => ID, { description: "the resource to book" })
  resourceId!: string;

  @Field(() => DateTimeScalar, { description: "first booked instant, in the future" })
  startTime!: Date;

  @Field(() => DateTimeScalar, { description: "end (exclusive), after startTime" })
  endTime!: Date;

  @Field(() => Int, { nullable: true, description: "default 1" })
  quantity?: number;

  @Field(() => String, { description: "notes for the vendor", nullable: true })
  notes?: string;

  @Field(() => String, {
    description: "a retry with the same key and the same input returns the same booking; with other input it fails with IDEMPOTENCY_KEY_REUSED",
  })
  idempotencyKey!: string;
}

// Arguments as classes: type-graphql prints an @ArgsType's fields in declaration order, the
// contract's order (separate @Arg parameters come out reversed).

@ArgsType()
export class CustomerBookingsArgs {
  @Field(() => Int, { description: "page size, 1..100", nullable: true, defaultValue: 20 })
  first?: number | null;

  @Field(() => String, { description: "the endCursor of the previous page", nullable: true })
  after?: string | null;

  @Field(() => BookingStatus, { description: "only bookings in this status", nullable: true })
  status?: BookingStatus | null;
}

@ArgsType()
export class BookingsInRangeArgs extends CustomerBookingsArgs {
  @Field(() => DateTimeScalar, { description: "only bookings ending after this instant", nullable: true })
  from?: Date | null;

  @Field(() => DateTimeScalar, { description: "only bookings starting before this instant", nullable: true })
  to?: Date | null;
}

@ArgsType()
export class CancelBookingArgs {
  @Field(() => ID, { description: "the booking to cancel" })
  id!: string;

  @Field(() => String, { description: "why, kept in its history", nullable: true })
  reason?: string | null;
}
