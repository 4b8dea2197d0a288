import { CriticalityLevel, diff, type Change } from "@graphql-inspector/core";
import { buildSchema } from "graphql";

export interface SchemaChange {
  level: "BREAKING" | "DANGEROUS";
  /** The schema coordinate changed (`Query.resources`, `CreateBookingInput.quantity`). */
  path: string;
  message: string;
}

export interface Compatibility {
  breaking: SchemaChange[];
  dangerous: SchemaChange[];
}

/**
 * What clients written against `before` would meet in `after`, by graphql-inspector's
 * criticality rules (which include graphql-js's findBreakingChanges: removals, retypes, a new
 * required argument or input field, ...). Changes at a coordinate in `accepted`, or under it,
 * are left out: parts the contract declares that are not built yet.
 */
export async function compareSchemas(before: string, after: string, accepted: readonly string[] = []): Promise<Compatibility> {
  const changes = await diff(buildSchema(before), buildSchema(after));
  const isAccepted = (change: Change) => accepted.some((coordinate) => change.path === coordinate || change.path?.startsWith(`${coordinate}.`));
  const pick = (level: CriticalityLevel) =>
    changes
      .filter((change) => change.criticality.level === level && !isAccepted(change))
      .map((change): SchemaChange => ({ level: level === CriticalityLevel.Breaking ? "BREAKING" : "DANGEROUS", path: change.path ?? "(schema)", message: change.message }));
  return { breaking: pick(CriticalityLevel.Breaking), dangerous: pick(CriticalityLevel.Dangerous) };
}
