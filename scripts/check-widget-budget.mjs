#!/usr/bin/env node
// The widget's download budgets (issue 21, design-embed.md "Size and speed"), gzip -9, run after
// `vite build`: what the first free slot needs (/widget.js and any chunk it imports statically)
// stays within 15 KB, and the inline widget in all (its lazy chunks too) within 25 KB.
// A visitor fetches one language's strings at most (widget-chunks/locale-<language>-<hash>.js,
// English's being in /widget.js): the total counts the heaviest language's, not every language's.
// Two kinds of chunk have budgets of their own, outside the 25 KB (widget/README.md "Sizes" says
// why; design-embed.md counts them in, so the popup and the picker's cities are over it for now):
// the popup and floating modes' dialog (widget-chunks/dialog-<hash>.js, fetched only in those modes)
// within 2.5 KB, the checkout of the `hold` and confirm="external" attributes
// (widget-chunks/checkout-<hash>.js, fetched only by a widget with one of them) within 2.5 KB, and one
// language's city names for the zone picker
// (widget-chunks/cities-<language>-<hash>.js, fetched only once the visitor comes near the picker) within 6 KB.
// The manage page's /manage.js is held to the same (design.md "Manage page": the widget's size
// rules): what shows the booking and its Reschedule and Cancel buttons (/manage.js and its static
// imports) within 15 KB, and with every chunk it can fetch but the cities (manage-chunks/: the
// steps after a press, one language's strings) within 25 KB.
// Prints one line per file, first-slot (first-view for the manage page), lazy, language or cities,
// and the sums; exits 1 over any budget.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, posix } from "node:path";
import { brotliCompressSync, gzipSync, constants as zlib } from "node:zlib";

export const FIRST_SLOT_BUDGET_BYTES = 15 * 1024;
export const TOTAL_BUDGET_BYTES = 25 * 1024;
export const MANAGE_FIRST_VIEW_BUDGET_BYTES = 15 * 1024;
export const MANAGE_TOTAL_BUDGET_BYTES = 25 * 1024;
export const DIALOG_BUDGET_BYTES = 2.5 * 1024;
export const CHECKOUT_BUDGET_BYTES = 2.5 * 1024;
export const CITIES_BUDGET_BYTES = 6 * 1024;
const DIST = "dist";

/** The relative modules `file` imports: `import "./x"` and `from "./x"` statically, `import("./x")` dynamically. */
function importsOf(file) {
  const code = readFileSync(join(DIST, file), "utf8");
  const resolve = (specifier) => posix.normalize(posix.join(posix.dirname(file), specifier));
  const found = { static: [], dynamic: [] };
  // Minified output quotes a dynamic import's path with backticks too.
  for (const match of code.matchAll(/(import|from)\s*(\()?\s*["'`](\.{1,2}\/[^"'`]+)["'`]/g)) {
    (match[1] === "import" && match[2] ? found.dynamic : found.static).push(resolve(match[3]));
  }
  return found;
}

/** Every file reachable from `start` along the given kinds of import. */
function reachable(start, kinds) {
  const seen = new Set();
  const queue = [...start];
  while (queue.length > 0) {
    const file = queue.shift();
    if (seen.has(file)) continue;
    seen.add(file);
    const found = importsOf(file);
    for (const kind of kinds) queue.push(...found[kind]);
  }
  return seen;
}

/**
 * /widget.js (or `entry`, such as manage.js) and every module it reaches through static or dynamic imports of relative paths;
 * `lazy` is false for what the browser fetches before the entry runs (the entry and its static
 * imports, transitively), true for what it fetches later (dynamic imports and theirs).
 */
export function widgetFiles(entry = "widget.js") {
  const firstSlot = reachable([entry], ["static"]);
  return [...reachable([entry], ["static", "dynamic"])].map((file) => {
    const bytes = readFileSync(join(DIST, file));
    return {
      file,
      lazy: !firstSlot.has(file),
      locale: /^(?:widget|manage)-chunks\/(?:locale|cities)-/.test(file),
      /** A language's city names for the zone picker (budgeted on their own). */
      cities: /^(?:widget|manage)-chunks\/cities-/.test(file),
      /** The popup and floating modes' dialog (budgeted on its own). */
      dialog: /^widget-chunks\/dialog-/.test(file),
      /** The checkout of `hold` and confirm="external" (budgeted on its own). */
      checkout: /^widget-chunks\/checkout-/.test(file),
      /** The language whose chunk this is (`de` for locale-de-… and cities-de-…); null for any other file. */
      language: /^(?:widget|manage)-chunks\/(?:locale|cities)-([a-zA-Z]{2,3}(?:-[A-Z]{2})?)-/.exec(file)?.[1] ?? null,
      raw: bytes.length,
      gzip: gzipSync(bytes, { level: 9 }).length,
      brotli: brotliCompressSync(bytes, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }).length,
    };
  });
}

const sumGzip = (files) => files.reduce((bytes, f) => bytes + f.gzip, 0);

/**
 * What a visitor of the inline widget can fetch at most (gzip): every file but the languages', the
 * dialog, the checkout and the cities, and the heaviest language's strings.
 */
export function totalGzip(files) {
  const strings = files.filter((f) => f.locale && !f.cities);
  const languages = [...new Set(strings.map((f) => f.language))];
  const shared = files.filter((f) => !f.locale && !f.dialog && !f.checkout);
  return sumGzip(shared) + Math.max(0, ...languages.map((language) => sumGzip(strings.filter((f) => f.language === language))));
}

/** The heaviest of `files`' gzip sizes (0 for none). */
const heaviest = (files) => Math.max(0, ...files.map((f) => f.gzip));

/** /manage.js and every chunk it can fetch, as widgetFiles() gives them (`lazy` false for what shows the booking). */
export function manageFiles() {
  return widgetFiles("manage.js");
}

/**
 * The files of `dir` (widget-chunks, manage-chunks) that the import scan did not reach from its
 * entry: they would be left out of both sums (an import written in a form the scan does not read).
 */
function unreached(files, dir) {
  const chunksDir = join(DIST, dir);
  return existsSync(chunksDir)
    ? readdirSync(chunksDir)
        .map((name) => `${dir}/${name}`)
        .filter((file) => !files.some((f) => f.file === file))
    : [];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const entry of ["widget.js", "manage.js"]) {
    if (!existsSync(join(DIST, entry))) {
      console.error(`dist/${entry} is missing: run \`npm run build\` first.`);
      process.exit(1);
    }
  }
  const files = widgetFiles();
  const manage = manageFiles();
  // The budgets cannot be trusted with a chunk left out.
  for (const [entry, missed] of [
    ["widget.js", unreached(files, "widget-chunks")],
    ["manage.js", unreached(manage, "manage-chunks")],
  ]) {
    if (missed.length > 0) {
      console.error(`not reached from ${entry} by any import this script reads, so not counted: ${missed.join(", ")}`);
      process.exit(1);
    }
  }
  const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`;
  const printFiles = (list, firstKind) => {
    for (const f of list) {
      const kind = f.cities ? "cities    " : f.locale ? "language  " : f.lazy ? "lazy      " : firstKind;
      console.log(`  ${kind} ${f.file}: ${kb(f.raw)} raw, ${kb(f.gzip)} gzip (-9), ${kb(f.brotli)} brotli (q11)`);
    }
  };
  const verdict = (bytes, budget) => `${kb(bytes)} gzip, ${bytes <= budget ? "within" : "OVER"} the ${kb(budget)} budget`;

  const firstSlot = sumGzip(files.filter((f) => !f.lazy));
  const total = totalGzip(files);
  printFiles(files, "first-slot");
  console.log(`widget before the first slot: ${verdict(firstSlot, FIRST_SLOT_BUDGET_BYTES)}`);
  console.log(`widget in total, inline (one language's strings, the heaviest): ${verdict(total, TOTAL_BUDGET_BYTES)}`);
  const dialog = sumGzip(files.filter((f) => f.dialog));
  const cities = heaviest(files.filter((f) => f.cities));
  console.log(`popup and floating modes' dialog: ${verdict(dialog, DIALOG_BUDGET_BYTES)} (in all with it: ${kb(total + dialog)})`);
  const checkout = sumGzip(files.filter((f) => f.checkout));
  console.log(`checkout (hold, confirm="external"): ${verdict(checkout, CHECKOUT_BUDGET_BYTES)} (in all with it: ${kb(total + checkout)})`);
  console.log(`zone picker's cities, one language (the heaviest): ${verdict(cities, CITIES_BUDGET_BYTES)}`);

  const firstView = sumGzip(manage.filter((f) => !f.lazy));
  const manageTotal = totalGzip(manage);
  printFiles(manage, "first-view");
  console.log(`manage page before the booking and its buttons: ${verdict(firstView, MANAGE_FIRST_VIEW_BUDGET_BYTES)}`);
  console.log(`manage page in total (one language's strings, the heaviest): ${verdict(manageTotal, MANAGE_TOTAL_BUDGET_BYTES)}`);
  const manageCities = heaviest(manage.filter((f) => f.cities));
  console.log(`manage page's zone picker cities, one language (the heaviest): ${verdict(manageCities, CITIES_BUDGET_BYTES)}`);

  const within =
    firstSlot <= FIRST_SLOT_BUDGET_BYTES &&
    total <= TOTAL_BUDGET_BYTES &&
    dialog <= DIALOG_BUDGET_BYTES &&
    checkout <= CHECKOUT_BUDGET_BYTES &&
    cities <= CITIES_BUDGET_BYTES &&
    manageCities <= CITIES_BUDGET_BYTES &&
    firstView <= MANAGE_FIRST_VIEW_BUDGET_BYTES &&
    manageTotal <= MANAGE_TOTAL_BUDGET_BYTES;
  process.exit(within ? 0 : 1);
}
