/**
 * Instants on the wire: UTC ISO-8601 strings ending in `Z` (design.md "HTTP contract"), stored as
 * epoch milliseconds. Whole-second instants drop the ".000" so slots read `2026-04-21T09:00:00Z`.
 */
export function toIsoUtc(instantMs: number): string {
  const iso = new Date(instantMs).toISOString();
  return iso.endsWith(".000Z") ? `${iso.slice(0, -5)}Z` : iso;
}
