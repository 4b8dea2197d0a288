import { DateTimeScalar, Money } from "@booking/common";
import { Field, ID, ObjectType, registerEnumType } from "type-graphql";

export enum RefundStatus {
  PENDING = "PENDING",
  SUCCEEDED = "SUCCEEDED",
  FAILED = "FAILED",
}
registerEnumType(RefundStatus, {
  name: "RefundStatus",
  description: "Where a refund is with its provider.",
  valuesConfig: { PENDING: { description: "asked for, not settled yet" }, SUCCEEDED: { description: "paid back" }, FAILED: { description: "the provider refused it" } },
});

/** `payment: Payment!` is added by RefundResolver: declaring it here would make refund and payment types import each other. */
@ObjectType({ description: "Money given back from a payment." })
export class Refund {
  @Field(() => ID, { description: "stable id" })
  id!: string;

  @Field(() => Money, { description: "how much" })
  amount!: Money;

  @Field(() => RefundStatus, { description: "where it is with the provider" })
  status!: RefundStatus;

  @Field(() => String, { description: "why, if given", nullable: true })
  reason!: string | null;

  @Field(() => DateTimeScalar, { description: "when it was asked for" })
  createdAt!: Date;
}
