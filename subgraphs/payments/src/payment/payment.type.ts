import { PaymentStatus } from "@booking/contracts";
import { DateTimeScalar, DecimalScalar, Money } from "@booking/common";
import type { Decimal } from "decimal.js";
import { ArgsType, Directive, Field, ID, ObjectType } from "type-graphql";
import { Booking } from "../booking/booking.type.js";
import { LedgerEntry } from "../ledger-entry/ledger-entry.type.js";
import { Refund } from "../refund/refund.type.js";

@ObjectType({ description: "Owned by payments. Visible to the paying customer, the business owner and admins." })
@Directive('@key(fields: "id")')
export class Payment {
  @Field(() => ID, { description: "stable id" })
  id!: string;

  @Field(() => Booking, { description: "the booking it pays for" })
  booking!: Booking;

  @Field(() => Money, { description: "the booking's total" })
  amount!: Money;

  @Field(() => PaymentStatus, { description: "where it is with the provider" })
  status!: PaymentStatus;

  @Field(() => String, { description: "the payment provider, e.g. test" })
  provider!: string;

  @Field(() => String, { description: "the provider's id for the intent", nullable: true })
  providerPaymentId!: string | null;

  @Field(() => String, { nullable: true, description: "only for the paying customer" })
  clientSecret!: string | null;

  @Field(() => String, { description: "why it failed, e.g. card_declined", nullable: true })
  failureReason!: string | null;

  @Field(() => Money, { description: "the sum of its successful refunds" })
  refundedAmount!: Money;

  @Field(() => [Refund], { description: "its refunds, oldest first" })
  refunds!: Refund[];

  @Field(() => [LedgerEntry], { description: "owner and admins only" })
  ledgerEntries!: LedgerEntry[];

  @Field(() => DateTimeScalar, { description: "when the intent was created" })
  createdAt!: Date;
}

// Arguments as classes: type-graphql prints an @ArgsType's fields in declaration order, the
// contract's order (separate @Arg parameters come out reversed).

@ArgsType()
export class CreatePaymentIntentArgs {
  @Field(() => ID, { description: "the HOLD booking to pay" })
  bookingId!: string;

  @Field(() => String, { description: "a retry with the same key returns the same payment" })
  idempotencyKey!: string;
}

@ArgsType()
export class ConfirmPaymentArgs {
  @Field(() => ID, { description: "the payment to confirm" })
  paymentId!: string;

  @Field(() => String, { description: "the provider's payment method id" })
  paymentMethod!: string;
}

@ArgsType()
export class RefundPaymentArgs {
  @Field(() => ID, { description: "the payment to refund" })
  paymentId!: string;

  @Field(() => DecimalScalar, { description: "how much; at most what remains refundable (REFUND_EXCEEDS_PAYMENT)", nullable: true })
  amount?: Decimal | null;

  @Field(() => String, { description: "why, for the records", nullable: true })
  reason?: string | null;

  @Field(() => String, { description: "a retry with the same key returns the same refund" })
  idempotencyKey!: string;
}
