import { NOT_BUILT_YET } from "../../scripts/dist/not-built-yet.js";

export { NOT_BUILT_YET };

/** Compares what a contract test found missing with the list; both differences must be empty. */
export function againstNotBuiltYet(missing: readonly string[], kind: (part: string) => boolean) {
  const listed = Object.keys(NOT_BUILT_YET).filter(kind);
  return {
    missingButNotListed: missing.filter((part) => !(part in NOT_BUILT_YET)),
    listedButBuilt: listed.filter((part) => !missing.includes(part)).map((part) => `${part} (${NOT_BUILT_YET[part]}): built, remove it from scripts/src/not-built-yet.ts`),
  };
}
