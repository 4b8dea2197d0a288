import DataLoader from "dataloader";

/**
 * A per-request DataLoader that fetches many rows by one key in a single query and hands
 * each caller its row (or null), in the order asked.
 */
export function loaderByKey<K, V>(fetch: (keys: readonly K[]) => Promise<V[]>, keyOf: (row: V) => K): DataLoader<K, V | null> {
  return new DataLoader<K, V | null>(async (keys) => {
    const rows = await fetch(keys);
    const byKey = new Map(rows.map((row) => [keyOf(row), row]));
    return keys.map((key) => byKey.get(key) ?? null);
  });
}

/** Like `loaderByKey` for one-to-many: each key gets every row that carries it. */
export function loaderOfMany<K, V>(fetch: (keys: readonly K[]) => Promise<V[]>, keyOf: (row: V) => K): DataLoader<K, V[]> {
  return new DataLoader<K, V[]>(async (keys) => {
    const rows = await fetch(keys);
    const byKey = new Map<K, V[]>();
    for (const row of rows) {
      const key = keyOf(row);
      const list = byKey.get(key);
      if (list) list.push(row);
      else byKey.set(key, [row]);
    }
    return keys.map((key) => byKey.get(key) ?? []);
  });
}

/**
 * For connections under many parents (`Business.resources(first, after)` for N businesses):
 * requests with the same arguments are batched together, keyed by parent id plus the
 * arguments' JSON, so one query serves a whole list of parents.
 */
export function loaderByParentAndArgs<Args, V>(
  fetch: (parentIds: string[], args: Args) => Promise<Map<string, V>>,
): DataLoader<{ parentId: string; args: Args }, V, string> {
  return new DataLoader(
    async (requests) => {
      const groups = new Map<string, { args: Args; parentIds: string[] }>();
      for (const { parentId, args } of requests) {
        const argsKey = JSON.stringify(args);
        const group = groups.get(argsKey) ?? { args, parentIds: [] };
        group.parentIds.push(parentId);
        groups.set(argsKey, group);
      }
      const results = new Map<string, V>();
      await Promise.all(
        [...groups.entries()].map(async ([argsKey, group]) => {
          const byParent = await fetch([...new Set(group.parentIds)], group.args);
          for (const [parentId, value] of byParent) results.set(`${parentId}|${argsKey}`, value);
        }),
      );
      return requests.map(({ parentId, args }) => {
        const value = results.get(`${parentId}|${JSON.stringify(args)}`);
        return value === undefined ? new Error(`no result for ${parentId}`) : value;
      });
    },
    { cacheKeyFn: ({ parentId, args }) => `${parentId}|${JSON.stringify(args)}` },
  );
}
