import { Money, money } from "@booking/common";
import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { PaymentsContext } from "../context.js";
import { Payment } from "../payment/payment.type.js";
import type { RefundView } from "./refund.service.js";
import { Refund } from "./refund.type.js";

@Resolver(() => Refund)
export class RefundResolver {
  @FieldResolver(() => Payment, { description: "the payment it comes from" })
  payment(@Root() refund: RefundView, @Ctx() ctx: PaymentsContext) {
    return ctx.payments.ofRefund(refund);
  }

  @FieldResolver(() => Money, { description: "how much" })
  amount(@Root() refund: RefundView): Money {
    return money(refund.amount, refund.currency);
  }
}
