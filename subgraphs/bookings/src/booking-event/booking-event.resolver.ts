import { Arg, ID, Resolver, Root, Subscription } from "type-graphql";
import type { BookingsContext } from "../context.js";
import { BOOKING_EVENTS_TOPIC } from "./booking-event.pubsub.js";
import { BookingEvent, type BookingEventPayload } from "./booking-event.type.js";

@Resolver(() => BookingEvent)
export class BookingEventResolver {
  @Subscription(() => BookingEvent, {
    topics: BOOKING_EVENTS_TOPIC,
    filter: ({ payload, args, context }: { payload: BookingEventPayload; args: { businessId: string }; context: BookingsContext }) =>
      context.bookings.canWatchBusiness(payload, args.businessId),
    description: "business owner or admin: every change to the business's bookings",
  })
  bookingEvents(@Root() event: BookingEventPayload, @Arg("businessId", () => ID) _businessId: string): BookingEventPayload {
    return event;
  }

  @Subscription(() => BookingEvent, {
    topics: BOOKING_EVENTS_TOPIC,
    filter: ({ payload, context }: { payload: BookingEventPayload; context: BookingsContext }) => context.bookings.isOwnEvent(payload),
    description: "the caller's own bookings",
  })
  myBookingEvents(@Root() event: BookingEventPayload): BookingEventPayload {
    return event;
  }
}
