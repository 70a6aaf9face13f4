/**
 * Every row of every D1 table, read in one round trip, and the rows that differ between two such
 * snapshots: how the tests of hostile input show that a refused request changed nothing
 * (design.md "Errors"), without naming the tables (a table added tomorrow is compared too).
 */
import { env } from "cloudflare:workers";

/**
 * Columns written by design after an answer, whichever request it was: a token's `last_used_at`
 * (any call with a token, refused or not: http/auth.ts), and an outbox event's
 * `handed_over_at` (marked in groups up to a second after the write that made the event, so during
 * later requests: webhooks/event-handover.ts). Left out of every row.
 */
const WRITTEN_LATER = ["last_used_at", "handed_over_at"];

/** Table name → row id → the row as JSON. */
export type TableRows = Map<string, Map<number, string>>;

let tableNames: Promise<string[]> | undefined;

function tables(): Promise<string[]> {
  tableNames ??= env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name != 'd1_migrations' ORDER BY name",
  )
    .all<{ name: string }>()
    .then(({ results }) => results.map((row) => row.name));
  return tableNames;
}

export async function tableRows(): Promise<TableRows> {
  const names = await tables();
  const results = await env.DB.batch<Record<string, unknown>>(names.map((name) => env.DB.prepare(`SELECT rowid AS snapshot_rowid, * FROM "${name}"`)));
  const snapshot: TableRows = new Map();
  names.forEach((name, i) => {
    const rows = new Map<number, string>();
    for (const { snapshot_rowid: rowid, ...row } of results[i]!.results) {
      for (const column of WRITTEN_LATER) delete row[column];
      rows.set(rowid as number, JSON.stringify(row));
    }
    snapshot.set(name, rows);
  });
  return snapshot;
}

/** One line per row added, removed or changed, as `table: new|gone|changed: row`; `except` tables are skipped. */
export function rowChanges(before: TableRows, after: TableRows, { except = [] }: { except?: readonly string[] } = {}): string[] {
  const lines: string[] = [];
  for (const [table, now] of after) {
    if (except.includes(table)) continue;
    const old = before.get(table) ?? new Map<number, string>();
    for (const [id, row] of now) if (old.get(id) !== row) lines.push(`${table}: ${old.has(id) ? "changed" : "new"}: ${row}`);
    for (const [id, row] of old) if (!now.has(id)) lines.push(`${table}: gone: ${row}`);
  }
  return lines;
}
