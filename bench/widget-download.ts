/**
 * The widget's download as `npm test` counts it: scripts/check-widget-budget.mjs's widgetFiles()
 * (/widget.js and every chunk it imports, from dist/) and its budgets, for bench/widget.ts to print
 * and to cross-check against what the browser fetched before the first slot. A file without a
 * `lazy` field counts as needed for the first slot. Also the manage page's download the same way
 * (manageFiles(): /manage.js and every chunk it can fetch), where the script has it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

export interface WidgetFile {
  file: string;
  raw: number;
  gzip: number;
  brotli: number;
  lazy?: boolean;
  /** One language's chunk (its strings, its zone picker's cities): a visitor fetches one language's at most. */
  locale?: boolean;
  /** That language, where the script says (`de`). */
  language?: string | null;
}

export interface WidgetDownload {
  files: WidgetFile[];
  /** gzip -9 bytes of the files the first slot needs, and of all of them (one language's, the largest). */
  firstSlot: number;
  total: number;
  /** The budgets the script holds them to, where it exports them. */
  firstSlotBudget?: number;
  totalBudget?: number;
  /** The manage page's own module, /manage.js (never loaded by /widget.js), gzip -9. */
  manageGzip: number;
  /** gzip -9 bytes of what shows the manage page's booking and buttons, and of all it can fetch (one language's chunks, the heaviest). */
  manageFirstView?: number;
  manageTotal?: number;
  manageFirstViewBudget?: number;
  manageTotalBudget?: number;
}

/** The budget script's exports this reads; any of them may be missing from an older script. */
interface BudgetModule {
  widgetFiles(): WidgetFile[];
  manageFiles?(): WidgetFile[];
  /** Every file but the languages' and the heaviest language's chunks, gzip -9. */
  totalGzip?(files: WidgetFile[]): number;
  FIRST_SLOT_BUDGET_BYTES?: number;
  TOTAL_BUDGET_BYTES?: number;
  BUDGET_BYTES?: number;
  MANAGE_FIRST_VIEW_BUDGET_BYTES?: number;
  MANAGE_TOTAL_BUDGET_BYTES?: number;
}

export async function widgetDownload(): Promise<WidgetDownload> {
  // Through a URL, so TypeScript does not look for the .mjs file's types.
  const script = new URL("../scripts/check-widget-budget.mjs", import.meta.url).href;
  const budget = (await import(script)) as BudgetModule;
  const files = budget.widgetFiles();
  const sum = (list: WidgetFile[]) => list.reduce((bytes, file) => bytes + file.gzip, 0);
  const manage = budget.manageFiles?.();
  return {
    files,
    firstSlot: sum(files.filter((file) => file.lazy !== true)),
    total:
      budget.totalGzip?.(files) ??
      sum(files.filter((file) => file.locale !== true)) + Math.max(0, ...files.filter((file) => file.locale === true).map((file) => file.gzip)),
    firstSlotBudget: budget.FIRST_SLOT_BUDGET_BYTES,
    totalBudget: budget.TOTAL_BUDGET_BYTES ?? budget.BUDGET_BYTES,
    manageGzip: gzipSync(readFileSync(join("dist", "manage.js")), { level: 9 }).length,
    manageFirstView: manage && sum(manage.filter((file) => file.lazy !== true)),
    manageTotal: manage && budget.totalGzip?.(manage),
    manageFirstViewBudget: budget.MANAGE_FIRST_VIEW_BUDGET_BYTES,
    manageTotalBudget: budget.MANAGE_TOTAL_BUDGET_BYTES,
  };
}
