import { BookingEventType } from "@booking/contracts";
import { DateTimeScalar } from "@booking/common";
import { Field, ObjectType } from "type-graphql";
import type { BookingRow } from "../booking/booking.repository.js";
import { Booking } from "../booking/booking.type.js";

@ObjectType({ description: "A change to a booking, as subscriptions deliver it." })
export class BookingEvent {
  @Field(() => BookingEventType, { description: "what happened" })
  type!: BookingEventType;

  @Field(() => Booking, { description: "the booking as it is now" })
  booking!: Booking;

  @Field(() => DateTimeScalar, { description: "when it happened" })
  at!: Date;
}

/** What a booking event carries: the booking as stored, so its fields resolve without a query. */
export interface BookingEventPayload {
  type: BookingEventType;
  booking: BookingRow;
  at: Date;
}
