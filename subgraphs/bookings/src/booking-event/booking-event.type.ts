import { DateTimeScalar } from "@booking/common";
import { Field, ObjectType, registerEnumType } from "type-graphql";
import type { BookingRow } from "../booking/booking.repository.js";
import { Booking } from "../booking/booking.type.js";

export enum BookingEventType {
  CREATED = "CREATED",
  CONFIRMED = "CONFIRMED",
  CANCELLED = "CANCELLED",
  EXPIRED = "EXPIRED",
  COMPLETED = "COMPLETED",
  NO_SHOW = "NO_SHOW",
  PAYMENT_UPDATED = "PAYMENT_UPDATED",
}
registerEnumType(BookingEventType, { name: "BookingEventType" });

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
