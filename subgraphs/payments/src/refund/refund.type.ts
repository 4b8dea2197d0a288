import { DateTimeScalar, Money } from "@booking/common";
import { Field, ID, ObjectType, registerEnumType } from "type-graphql";

export enum RefundStatus {
  PENDING = "PENDING",
  SUCCEEDED = "SUCCEEDED",
  FAILED = "FAILED",
}
registerEnumType(RefundStatus, { name: "RefundStatus" });

/** `payment: Payment!` is added by RefundResolver: declaring it here would make refund and payment types import each other. */
@ObjectType()
export class Refund {
  @Field(() => ID)
  id!: string;

  @Field(() => Money)
  amount!: Money;

  @Field(() => RefundStatus)
  status!: RefundStatus;

  @Field(() => String, { nullable: true })
  reason!: string | null;

  @Field(() => DateTimeScalar)
  createdAt!: Date;
}
