import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from "type-graphql";
import { Booking } from "../booking/booking.type.js";
import type { BookingsContext } from "../context.js";
import { Resource } from "../resource/resource.type.js";
import type { WaitlistRow } from "./waitlist.repository.js";
import { JoinWaitlistInput, WaitlistEntry } from "./waitlist.type.js";

@Resolver(() => WaitlistEntry)
export class WaitlistResolver {
  @Mutation(() => WaitlistEntry, {
    description:
      "Join the line for a range: same input rules as createBooking. If the units are free right now the entry is OFFERED at once with a HOLD; otherwise it is WAITING.",
  })
  joinWaitlist(@Arg("input", () => JoinWaitlistInput, { description: "the range to wait for" }) input: JoinWaitlistInput, @Ctx() ctx: BookingsContext) {
    return ctx.waitlist.join(input);
  }

  @Mutation(() => WaitlistEntry, { description: "the entry's customer: WAITING -> CANCELLED; an OFFERED entry's HOLD is cancelled with it" })
  leaveWaitlist(@Arg("id", () => ID, { description: "the entry to leave" }) id: string, @Ctx() ctx: BookingsContext) {
    return ctx.waitlist.leave(id);
  }

  @FieldResolver(() => Resource, { description: "the resource waited for" })
  resource(@Root() entry: WaitlistRow): Resource {
    return { id: entry.resourceId };
  }

  @FieldResolver(() => Int, { nullable: true, description: "1 = served next among the WAITING entries of this resource; null unless WAITING" })
  position(@Root() entry: WaitlistRow, @Ctx() ctx: BookingsContext) {
    return ctx.waitlist.position(entry);
  }

  @FieldResolver(() => Booking, { nullable: true, description: "the HOLD made for this entry when it was OFFERED" })
  booking(@Root() entry: WaitlistRow, @Ctx() ctx: BookingsContext) {
    return entry.bookingId ? ctx.bookings.byReference(entry.bookingId) : null;
  }
}
