#!/usr/bin/env node
// The widget's download budget (issue 3): everything the browser fetches for /widget.js (the entry
// and every chunk it imports), gzipped, must stay within 20 KB; we aim for 15 KB. Run after
// `vite build`. Prints one line per file and the total; exits 1 over budget.
import { existsSync, readFileSync } from "node:fs";
import { join, posix } from "node:path";
import { brotliCompressSync, gzipSync, constants as zlib } from "node:zlib";

export const BUDGET_BYTES = 20 * 1024;
export const AIM_BYTES = 15 * 1024;
const DIST = "dist";

/** /widget.js and every module it reaches through static or dynamic imports of relative paths. */
export function widgetFiles(entry = "widget.js") {
  const seen = new Set();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.shift();
    if (seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(join(DIST, file), "utf8");
    for (const match of code.matchAll(/(?:import|from)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)) {
      queue.push(posix.normalize(posix.join(posix.dirname(file), match[1])));
    }
  }
  return [...seen].map((file) => {
    const bytes = readFileSync(join(DIST, file));
    return {
      file,
      raw: bytes.length,
      gzip: gzipSync(bytes, { level: 9 }).length,
      brotli: brotliCompressSync(bytes, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }).length,
    };
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (!existsSync(join(DIST, "widget.js"))) {
    console.error("dist/widget.js is missing: run `npm run build` first.");
    process.exit(1);
  }
  const files = widgetFiles();
  const total = files.reduce((sum, f) => sum + f.gzip, 0);
  const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`;
  for (const f of files) console.log(`  ${f.file}: ${kb(f.raw)} raw, ${kb(f.gzip)} gzip (-9), ${kb(f.brotli)} brotli (q11)`);
  const verdict = total <= BUDGET_BYTES ? "within" : "OVER";
  console.log(`widget download: ${kb(total)} gzip, ${verdict} the ${kb(BUDGET_BYTES)} budget (aim ${kb(AIM_BYTES)})`);
  process.exit(total <= BUDGET_BYTES ? 0 : 1);
}
