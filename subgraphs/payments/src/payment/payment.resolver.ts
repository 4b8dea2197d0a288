import { Money, money } from "@booking/common";
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { Booking } from "../booking/booking.type.js";
import type { PaymentsContext } from "../context.js";
import { LedgerEntry } from "../ledger-entry/ledger-entry.type.js";
import { Refund } from "../refund/refund.type.js";
import type { PaymentRow } from "./payment.repository.js";
import { ConfirmPaymentArgs, CreatePaymentIntentArgs, Payment, RefundPaymentArgs } from "./payment.type.js";

@Resolver(() => Payment)
export class PaymentResolver {
  @Query(() => Payment, { nullable: true, description: "payments: the paying customer, the business owner and admins" })
  payment(@Arg("id", () => ID, { description: "the payment's id" }) id: string, @Ctx() ctx: PaymentsContext) {
    return ctx.payments.payment(id);
  }

  // The booking is a reference the bookings subgraph resolves.
  @FieldResolver(() => Booking, { description: "the booking it pays for" })
  booking(@Root() payment: PaymentRow): Booking {
    return { id: payment.bookingId };
  }

  @FieldResolver(() => Money, { description: "the booking's total" })
  amount(@Root() payment: PaymentRow): Money {
    return money(payment.amount, payment.currency);
  }

  @FieldResolver(() => String, { nullable: true, description: "only for the paying customer" })
  clientSecret(@Root() payment: PaymentRow, @Ctx() ctx: PaymentsContext) {
    return ctx.payments.clientSecret(payment);
  }

  @FieldResolver(() => Money, { description: "the sum of its successful refunds" })
  refundedAmount(@Root() payment: PaymentRow, @Ctx() ctx: PaymentsContext) {
    return ctx.refunds.refundedAmount(payment);
  }

  @FieldResolver(() => [Refund], { description: "its refunds, oldest first" })
  refunds(@Root() payment: PaymentRow, @Ctx() ctx: PaymentsContext) {
    return ctx.refunds.ofPayment(payment);
  }

  @FieldResolver(() => [LedgerEntry], { description: "owner and admins only" })
  ledgerEntries(@Root() payment: PaymentRow, @Ctx() ctx: PaymentsContext) {
    return ctx.ledgerEntries.ofPayment(payment);
  }

  @Mutation(() => Payment, { description: "the booking's customer; amount is the booking total; the booking must be in HOLD" })
  createPaymentIntent(@Args(() => CreatePaymentIntentArgs) args: CreatePaymentIntentArgs, @Ctx() ctx: PaymentsContext) {
    return ctx.intents.create(args.bookingId, args.idempotencyKey);
  }

  @Mutation(() => Payment, {
    description:
      "The built-in test provider accepts Stripe-style test methods: pm_card_visa succeeds,\npm_card_chargeDeclined fails with failureReason card_declined.\nSuccess confirms the booking (asynchronously, within seconds).",
  })
  confirmPayment(@Args(() => ConfirmPaymentArgs) args: ConfirmPaymentArgs, @Ctx() ctx: PaymentsContext) {
    return ctx.intents.confirm(args.paymentId, args.paymentMethod);
  }

  @Mutation(() => Refund, { description: "business owner or admin; amount defaults to what remains refundable" })
  refundPayment(@Args(() => RefundPaymentArgs) args: RefundPaymentArgs, @Ctx() ctx: PaymentsContext) {
    return ctx.refundRequests.refund(args.paymentId, args.amount, args.reason, args.idempotencyKey);
  }
}
