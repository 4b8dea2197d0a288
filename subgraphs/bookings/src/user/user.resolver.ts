import { Args, Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { BookingConnection, CustomerBookingsArgs } from "../booking/booking.type.js";
import type { BookingsContext } from "../context.js";
import { UserWaitlistArgs, WaitlistEntry } from "../waitlist/waitlist.type.js";
import { User } from "./user.type.js";

@Resolver(() => User)
export class UserBookingsResolver {
  @FieldResolver(() => BookingConnection, { description: "contributed by bookings: visible to the user and admins" })
  bookings(@Root() user: User, @Args(() => CustomerBookingsArgs) args: CustomerBookingsArgs, @Ctx() ctx: BookingsContext) {
    return ctx.bookings.bookingsOfCustomer(user.id, args);
  }

  @FieldResolver(() => [WaitlistEntry], { description: "contributed by bookings: the user's waitlist entries, newest first; visible to the user and admins" })
  waitlist(@Root() user: User, @Args(() => UserWaitlistArgs) args: UserWaitlistArgs, @Ctx() ctx: BookingsContext) {
    return ctx.waitlist.entriesOfCustomer(user.id, args.status);
  }
}
