import { Money, money } from "@booking/common";
import { FieldResolver, Resolver, Root } from "type-graphql";
import type { LedgerEntryRow } from "./ledger-entry.repository.js";
import { LedgerEntry } from "./ledger-entry.type.js";

@Resolver(() => LedgerEntry)
export class LedgerEntryResolver {
  @FieldResolver(() => Money, { description: "how much" })
  amount(@Root() entry: LedgerEntryRow): Money {
    return money(entry.amount, entry.currency);
  }
}
