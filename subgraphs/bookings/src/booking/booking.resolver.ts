import { Money, money } from "@booking/common";
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { BookingsContext } from "../context.js";
import { Business } from "../business/business.type.js";
import { Resource } from "../resource/resource.type.js";
import { User } from "../user/user.type.js";
import type { BookingRow } from "./booking.repository.js";
import { Booking, BookingContact, BookingSnapshot, BookingStatusChange, CancelBookingArgs, CreateBookingInput } from "./booking.type.js";

@Resolver(() => Booking)
export class BookingResolver {
  @Query(() => Booking, { nullable: true, description: "bookings: the customer, the business owner and admins" })
  booking(@Arg("id", () => ID, { description: "the booking's id" }) id: string, @Ctx() ctx: BookingsContext) {
    return ctx.bookings.booking(id);
  }

  // The live customer, resource and business are references their own subgraphs resolve.
  @FieldResolver(() => User)
  customer(@Root() booking: BookingRow): User {
    return { id: booking.customerId };
  }

  @FieldResolver(() => Resource, { description: "the booked resource" })
  resource(@Root() booking: BookingRow): Resource {
    return { id: booking.resourceId };
  }

  @FieldResolver(() => Business, { description: "the business that offers it" })
  business(@Root() booking: BookingRow): Business {
    return { id: booking.businessId };
  }

  @FieldResolver(() => BookingSnapshot, { description: "the business and resource as they were when booked" })
  snapshot(@Root() booking: BookingRow): BookingSnapshot {
    return {
      businessName: booking.snapshotBusinessName,
      resourceName: booking.snapshotResourceName,
      resourceType: booking.snapshotResourceType as BookingSnapshot["resourceType"],
      unitPrice: money(booking.unitPrice, booking.currency),
      priceUnit: booking.priceUnit as BookingSnapshot["priceUnit"],
      timezone: booking.timezone,
    };
  }

  @FieldResolver(() => BookingContact, { description: "the customer's contact details at booking time" })
  contact(@Root() booking: BookingRow): BookingContact {
    return { name: booking.contactName, email: booking.contactEmail, phone: booking.contactPhone };
  }

  @FieldResolver(() => Money)
  total(@Root() booking: BookingRow): Money {
    return money(booking.total, booking.currency);
  }

  @FieldResolver(() => [BookingStatusChange], { description: "every status change, oldest first" })
  history(@Root() booking: BookingRow, @Ctx() ctx: BookingsContext) {
    return ctx.bookings.history(booking);
  }

  @Mutation(() => Booking, { description: "status HOLD; fails with SLOT_UNAVAILABLE when the units are not free" })
  createBooking(@Arg("input", () => CreateBookingInput, { description: "what to book" }) input: CreateBookingInput, @Ctx() ctx: BookingsContext) {
    return ctx.reservations.createBooking(input);
  }

  @Mutation(() => Booking, { description: "customer (own), business owner or admin; refunds per freeCancellationHours when paid" })
  cancelBooking(@Args(() => CancelBookingArgs) args: CancelBookingArgs, @Ctx() ctx: BookingsContext) {
    return ctx.lifecycle.cancel(args.id, args.reason);
  }

  @Mutation(() => Booking, { description: "business owner: HOLD -> CONFIRMED without online payment" })
  confirmBooking(@Arg("id", () => ID, { description: "the booking to confirm" }) id: string, @Ctx() ctx: BookingsContext) {
    return ctx.lifecycle.confirm(id);
  }

  @Mutation(() => Booking, { description: "business owner: CONFIRMED -> COMPLETED, after start" })
  completeBooking(@Arg("id", () => ID, { description: "the booking to complete" }) id: string, @Ctx() ctx: BookingsContext) {
    return ctx.lifecycle.complete(id);
  }

  @Mutation(() => Booking, { description: "business owner: CONFIRMED -> NO_SHOW, after start" })
  markNoShow(@Arg("id", () => ID, { description: "the booking the customer missed" }) id: string, @Ctx() ctx: BookingsContext) {
    return ctx.lifecycle.markNoShow(id);
  }
}
