import { Arg, ID, Resolver, Root, Subscription, type PubSub } from "type-graphql";
import { BookingEvent, type BookingEventPayload } from "./booking-event.type.js";

/**
 * The Subscription fields are declared here so the supergraph can plan them (a primary fetch to
 * bookings); the router runs every subscription itself, from the booking event stream, and
 * decides there who may watch what (router/src/subscriptions/event-access.ts). Nothing
 * subscribes to this subgraph, so it refuses.
 */
function servedByTheRouter(): never {
  throw new Error("Subscriptions run in the router (graphql-ws on /graphql), not in the bookings subgraph");
}

/** type-graphql builds @Subscription fields only with a pubSub; these fields bring their own `subscribe`, so none is used. */
export const NO_PUBSUB: PubSub = { publish: () => undefined, subscribe: servedByTheRouter };

@Resolver(() => BookingEvent)
export class BookingEventResolver {
  @Subscription(() => BookingEvent, { subscribe: servedByTheRouter, description: "business owner or admin: every change to the business's bookings" })
  bookingEvents(@Root() event: BookingEventPayload, @Arg("businessId", () => ID, { description: "the business to watch: its owner and admins only" }) _businessId: string): BookingEventPayload {
    return event;
  }

  @Subscription(() => BookingEvent, { subscribe: servedByTheRouter, description: "the caller's own bookings" })
  myBookingEvents(@Root() event: BookingEventPayload): BookingEventPayload {
    return event;
  }
}
