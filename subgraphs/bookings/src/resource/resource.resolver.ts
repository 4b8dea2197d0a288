import { notImplemented } from "@booking/common";
import { Args, Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { BookingConnection, BookingsInRangeArgs } from "../booking/booking.type.js";
import type { BookingsContext } from "../context.js";
import { AvailabilityArgs, AvailabilityWindow, Resource } from "./resource.type.js";

@Resolver(() => Resource)
export class ResourceBookingsResolver {
  @FieldResolver(() => BookingConnection, { description: "contributed by bookings: owner and admins only" })
  bookings(@Root() resource: Resource, @Args(() => BookingsInRangeArgs) args: BookingsInRangeArgs, @Ctx() ctx: BookingsContext) {
    return ctx.bookings.bookingsOfResource(resource.id, args);
  }

  @FieldResolver(() => [AvailabilityWindow], {
    description:
      "contributed by bookings: maximal windows of constant availability inside [from, to), clipped to opening hours; for SLOT resources one window per slot",
  })
  availability(@Args(() => AvailabilityArgs) _args: AvailabilityArgs): AvailabilityWindow[] {
    throw notImplemented("Resource.availability");
  }
}
