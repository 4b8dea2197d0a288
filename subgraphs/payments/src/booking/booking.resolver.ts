import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { PaymentsContext } from "../context.js";
import { Payment } from "../payment/payment.type.js";
import { Booking } from "./booking.type.js";

@Resolver(() => Booking)
export class BookingPaymentsResolver {
  @FieldResolver(() => Payment, { nullable: true, description: "contributed by payments: the latest payment, if any" })
  payment(@Root() booking: Booking, @Ctx() ctx: PaymentsContext) {
    return ctx.payments.latestOfBooking(booking.id);
  }

  @FieldResolver(() => [Payment], { description: "contributed by payments" })
  payments(@Root() booking: Booking, @Ctx() ctx: PaymentsContext) {
    return ctx.payments.ofBooking(booking.id);
  }
}
