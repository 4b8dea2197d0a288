import { DateTimeScalar } from "@booking/common";
import { WaitlistStatus } from "@booking/contracts";
import { ArgsType, Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { Booking } from "../booking/booking.type.js";
import { Resource } from "../resource/resource.type.js";

@ObjectType({ description: "Owned by bookings. A customer's place in line for a range of a resource that was full." })
export class WaitlistEntry {
  @Field(() => ID, { description: "stable id" })
  id!: string;

  @Field(() => Resource, { description: "the resource waited for" })
  resource!: Resource;

  @Field(() => DateTimeScalar, { description: "first instant of the range waited for" })
  startTime!: Date;

  @Field(() => DateTimeScalar, { description: "end of the range (exclusive)" })
  endTime!: Date;

  @Field(() => Int, { description: "units of the resource wanted at once" })
  quantity!: number;

  @Field(() => WaitlistStatus, { description: "where the entry is: WAITING, OFFERED, EXPIRED or CANCELLED" })
  status!: WaitlistStatus;

  @Field(() => Int, { nullable: true, description: "1 = served next among the WAITING entries of this resource; null unless WAITING" })
  position!: number | null;

  @Field(() => Booking, { nullable: true, description: "the HOLD made for this entry when it was OFFERED" })
  booking!: Booking | null;

  @Field(() => DateTimeScalar, { description: "when the customer joined the line" })
  createdAt!: Date;
}

@InputType({ description: "A place in line for a range of a resource." })
export class JoinWaitlistInput {
  @Field(() => ID, { description: "the resource to wait for" })
  resourceId!: string;

  @Field(() => DateTimeScalar, { description: "first instant wanted, in the future" })
  startTime!: Date;

  @Field(() => DateTimeScalar, { description: "end (exclusive), after startTime" })
  endTime!: Date;

  @Field(() => Int, { nullable: true, description: "default 1" })
  quantity?: number;

  @Field(() => String, { description: "same semantics as CreateBookingInput.idempotencyKey" })
  idempotencyKey!: string;
}

@ArgsType()
export class UserWaitlistArgs {
  @Field(() => WaitlistStatus, { nullable: true, description: "only entries in this status" })
  status?: WaitlistStatus | null;
}
