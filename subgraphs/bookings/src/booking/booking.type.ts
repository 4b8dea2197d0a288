import { DateTimeScalar, Money, Role, connectionTypes } from "@booking/common";
import { BookingStatus, PriceUnit, ResourceType } from "@booking/contracts";
import { ArgsType, Directive, Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { Business } from "../business/business.type.js";
import { Resource } from "../resource/resource.type.js";
import { User } from "../user/user.type.js";

@ObjectType({ description: "Frozen at booking time: later edits to the business or resource never change it." })
export class BookingSnapshot {
  @Field(() => String)
  businessName!: string;

  @Field(() => String)
  resourceName!: string;

  @Field(() => ResourceType)
  resourceType!: ResourceType;

  @Field(() => Money)
  unitPrice!: Money;

  @Field(() => PriceUnit)
  priceUnit!: PriceUnit;

  @Field(() => String)
  timezone!: string;
}

@ObjectType({ description: "The customer's contact details, frozen at booking time; what the vendor sees." })
export class BookingContact {
  @Field(() => String, { nullable: true })
  name!: string | null;

  @Field(() => String)
  email!: string;

  @Field(() => String, { nullable: true })
  phone!: string | null;
}

@ObjectType()
export class BookingStatusChange {
  @Field(() => BookingStatus, { name: "from", nullable: true })
  fromStatus!: BookingStatus | null;

  @Field(() => BookingStatus, { name: "to" })
  toStatus!: BookingStatus;

  @Field(() => DateTimeScalar)
  at!: Date;

  @Field(() => String, { nullable: true })
  reason!: string | null;
}

@ObjectType({ description: "Owned by bookings." })
@Directive('@key(fields: "id")')
export class Booking {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: "short human-friendly unique reference" })
  bookingNumber!: string;

  @Field(() => BookingStatus)
  status!: BookingStatus;

  @Field(() => User, { description: "live entity references, resolved by their owning subgraphs" })
  customer!: User;

  @Field(() => Resource)
  resource!: Resource;

  @Field(() => Business)
  business!: Business;

  @Field(() => BookingSnapshot)
  snapshot!: BookingSnapshot;

  @Field(() => BookingContact)
  contact!: BookingContact;

  @Field(() => DateTimeScalar)
  startTime!: Date;

  @Field(() => DateTimeScalar)
  endTime!: Date;

  @Field(() => Int)
  quantity!: number;

  @Field(() => Int, { description: "billable units per PriceUnit" })
  units!: number;

  @Field(() => Money, { description: "unitPrice x units x quantity" })
  total!: Money;

  @Field(() => String, { nullable: true })
  notes!: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  holdExpiresAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  cancelledAt!: Date | null;

  @Field(() => String, { nullable: true })
  cancelReason!: string | null;

  @Field(() => Role, { nullable: true })
  cancelledBy!: Role | null;

  @Field(() => [BookingStatusChange])
  history!: BookingStatusChange[];

  @Field(() => DateTimeScalar)
  createdAt!: Date;
}

export const { EdgeType: BookingEdge, ConnectionType: BookingConnection } = connectionTypes(() => Booking, "Booking");

@InputType()
export class CreateBookingInput {
  @Field(() => ID)
  resourceId!: string;

  @Field(() => DateTimeScalar)
  startTime!: Date;

  @Field(() => DateTimeScalar)
  endTime!: Date;

  @Field(() => Int, { nullable: true, description: "default 1" })
  quantity?: number;

  @Field(() => String, { nullable: true })
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
  @Field(() => Int, { nullable: true, defaultValue: 20 })
  first?: number | null;

  @Field(() => String, { nullable: true })
  after?: string | null;

  @Field(() => BookingStatus, { nullable: true })
  status?: BookingStatus | null;
}

@ArgsType()
export class BookingsInRangeArgs extends CustomerBookingsArgs {
  @Field(() => DateTimeScalar, { nullable: true })
  from?: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  to?: Date | null;
}

@ArgsType()
export class CancelBookingArgs {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  reason?: string | null;
}
