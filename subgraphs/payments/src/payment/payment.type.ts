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
  @Field(() => ID)
  id!: string;

  @Field(() => Booking)
  booking!: Booking;

  @Field(() => Money)
  amount!: Money;

  @Field(() => PaymentStatus)
  status!: PaymentStatus;

  @Field(() => String)
  provider!: string;

  @Field(() => String, { nullable: true })
  providerPaymentId!: string | null;

  @Field(() => String, { nullable: true, description: "only for the paying customer" })
  clientSecret!: string | null;

  @Field(() => String, { nullable: true })
  failureReason!: string | null;

  @Field(() => Money)
  refundedAmount!: Money;

  @Field(() => [Refund])
  refunds!: Refund[];

  @Field(() => [LedgerEntry], { description: "owner and admins only" })
  ledgerEntries!: LedgerEntry[];

  @Field(() => DateTimeScalar)
  createdAt!: Date;
}

// Arguments as classes: type-graphql prints an @ArgsType's fields in declaration order, the
// contract's order (separate @Arg parameters come out reversed).

@ArgsType()
export class CreatePaymentIntentArgs {
  @Field(() => ID)
  bookingId!: string;

  @Field(() => String)
  idempotencyKey!: string;
}

@ArgsType()
export class ConfirmPaymentArgs {
  @Field(() => ID)
  paymentId!: string;

  @Field(() => String)
  paymentMethod!: string;
}

@ArgsType()
export class RefundPaymentArgs {
  @Field(() => ID)
  paymentId!: string;

  @Field(() => DecimalScalar, { nullable: true })
  amount?: Decimal | null;

  @Field(() => String, { nullable: true })
  reason?: string | null;

  @Field(() => String)
  idempotencyKey!: string;
}
