/**
 * Text for a LIKE/ILIKE `contains` filter (Prisma passes it through unescaped): trimmed,
 * with `\`, `%` and `_` escaped so they match themselves; null when nothing is left.
 */
export function containsPattern(text: string | null | undefined): string | null {
  const trimmed = text?.trim() ?? "";
  return trimmed === "" ? null : trimmed.replace(/[\\%_]/g, (character) => `\\${character}`);
}
