import { DateTimeScalar, Money } from "@booking/common";
import { Field, ID, ObjectType, registerEnumType } from "type-graphql";

export enum LedgerAccount {
  CUSTOMER = "CUSTOMER",
  PROVIDER_EARNINGS = "PROVIDER_EARNINGS",
  COMMISSION = "COMMISSION",
}
registerEnumType(LedgerAccount, { name: "LedgerAccount" });

export enum LedgerEntryType {
  DEBIT = "DEBIT",
  CREDIT = "CREDIT",
}
registerEnumType(LedgerEntryType, { name: "LedgerEntryType" });

@ObjectType()
export class LedgerEntry {
  @Field(() => ID)
  id!: string;

  @Field(() => LedgerAccount)
  account!: LedgerAccount;

  @Field(() => LedgerEntryType)
  type!: LedgerEntryType;

  @Field(() => Money)
  amount!: Money;

  @Field(() => DateTimeScalar)
  createdAt!: Date;
}
