/**
 * Text for a case-insensitive Prisma filter (`contains` or `equals` with mode insensitive,
 * which PostgreSQL runs as ILIKE with the text passed through unescaped): trimmed, with `\`,
 * `%` and `_` escaped so they match themselves; null when nothing is left.
 */
export function likePattern(text: string | null | undefined): string | null {
  const trimmed = text?.trim() ?? "";
  return trimmed === "" ? null : trimmed.replace(/[\\%_]/g, (character) => `\\${character}`);
}
