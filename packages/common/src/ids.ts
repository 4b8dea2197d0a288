const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are UUIDs; anything else names no object, so callers treat it as unknown. */
export function isId(value: string): boolean {
  return UUID.test(value);
}

/**
 * The id in the form the databases return it (lower case), or null when it is no id:
 * loaders key on this, so "ABC..." and "abc..." find the same row.
 */
export function normaliseId(value: string): string | null {
  return UUID.test(value) ? value.toLowerCase() : null;
}

/** The well-formed ids of a list, normalised and deduplicated: a malformed id can never match a row. */
export function wellFormedIds(values: readonly string[]): string[] {
  return [...new Set(values.map(normaliseId).filter((id): id is string => id !== null))];
}
