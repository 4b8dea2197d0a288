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
  async availability(@Root() resource: Resource, @Args(() => AvailabilityArgs) args: AvailabilityArgs, @Ctx() ctx: BookingsContext): Promise<AvailabilityWindow[]> {
    const windows = await ctx.availability.windows(resource.id, args.from, args.to);
    return windows.map((window) => ({ start: new Date(window.start), end: new Date(window.end), available: window.available }));
  }
}
