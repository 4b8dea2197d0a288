import { BookingEventType } from "@booking/contracts";
import { DateTimeScalar } from "@booking/common";
import { Field, ObjectType } from "type-graphql";
import type { BookingRow } from "../booking/booking.repository.js";
import { Booking } from "../booking/booking.type.js";

@ObjectType()
export class BookingEvent {
  @Field(() => BookingEventType)
  type!: BookingEventType;

  @Field(() => Booking)
  booking!: Booking;

  @Field(() => DateTimeScalar)
  at!: Date;
}

/** What a booking event carries: the booking as stored, so its fields resolve without a query. */
export interface BookingEventPayload {
  type: BookingEventType;
  booking: BookingRow;
  at: Date;
}
