const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are UUIDs; anything else names no object, so callers treat it as unknown. */
export function isId(value: string): boolean {
  return UUID.test(value);
}

/** The well-formed ids of a list, deduplicated: a malformed id can never match a row. */
export function wellFormedIds(values: readonly string[]): string[] {
  return [...new Set(values.filter(isId))];
}
