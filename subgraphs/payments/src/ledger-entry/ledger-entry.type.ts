import { DateTimeScalar, Money } from "@booking/common";
import { Field, ID, ObjectType, registerEnumType } from "type-graphql";

export enum LedgerAccount {
  CUSTOMER = "CUSTOMER",
  PROVIDER_EARNINGS = "PROVIDER_EARNINGS",
  COMMISSION = "COMMISSION",
}
registerEnumType(LedgerAccount, {
  name: "LedgerAccount",
  description: "A side of the double-entry ledger.",
  valuesConfig: { CUSTOMER: { description: "what customers paid" }, PROVIDER_EARNINGS: { description: "what the business earns" }, COMMISSION: { description: "the platform's fee (PLATFORM_FEE_PERCENT)" } },
});

export enum LedgerEntryType {
  DEBIT = "DEBIT",
  CREDIT = "CREDIT",
}
registerEnumType(LedgerEntryType, {
  name: "LedgerEntryType",
  description: "The direction of a ledger line.",
  valuesConfig: { DEBIT: { description: "money out of the account" }, CREDIT: { description: "money into the account" } },
});

@ObjectType({ description: "One line of the double-entry ledger; for every payment, debits equal credits." })
export class LedgerEntry {
  @Field(() => ID, { description: "stable id" })
  id!: string;

  @Field(() => LedgerAccount, { description: "the account it moves money in" })
  account!: LedgerAccount;

  @Field(() => LedgerEntryType, { description: "debit or credit" })
  type!: LedgerEntryType;

  @Field(() => Money, { description: "how much" })
  amount!: Money;

  @Field(() => DateTimeScalar, { description: "when it was written" })
  createdAt!: Date;
}
