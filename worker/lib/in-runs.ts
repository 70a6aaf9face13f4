/**
 * Cloudflare's SQLite (D1 and a Durable Object's storage alike) binds at most 100 parameters to one
 * statement: long lists of ids or rows go in runs, one statement each.
 */
export const MAX_BOUND_PARAMETERS = 100;

/** Ids per `IN (…)` list, leaving room for the statement's other parameters. */
export const IDS_PER_STATEMENT = 90;

/** Items in runs of at most `size`, in order. */
export function inRuns<Item>(items: readonly Item[], size: number): Item[][] {
  const runs: Item[][] = [];
  for (let start = 0; start < items.length; start += size) runs.push(items.slice(start, start + size));
  return runs;
}
