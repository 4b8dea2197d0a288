import { Args, Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { BookingConnection, BookingsInRangeArgs } from "../booking/booking.type.js";
import type { BookingsContext } from "../context.js";
import { Business } from "./business.type.js";

@Resolver(() => Business)
export class BusinessBookingsResolver {
  @FieldResolver(() => BookingConnection, { description: "contributed by bookings: owner and admins only" })
  bookings(@Root() business: Business, @Args(() => BookingsInRangeArgs) args: BookingsInRangeArgs, @Ctx() ctx: BookingsContext) {
    return ctx.bookings.bookingsOfBusiness(business.id, args);
  }
}
