// Builds the static assets the Worker serves (Workers Static Assets, ./dist): /widget.js, the
// <bookora-widget> module at a stable URL with its lazy chunks under /widget-chunks/ (content-hashed),
// /manage.js for the manage page, the API
// reference's renderer under /reference/, plus the front page and public/.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import preact from "@preact/preset-vite";
import { minify } from "terser";
import { type BuildEnvironmentOptions, build, defineConfig, type Plugin } from "vite";

/** index.html is a plain page that loads /widget.js like any partner would, so it is copied, not bundled. */
function frontPage(): Plugin {
  return {
    name: "bookora-front-page",
    generateBundle() {
      this.emitFile({ type: "asset", fileName: "index.html", source: readFileSync("index.html", "utf8") });
    },
  };
}

/**
 * Scalar's prebuilt browser bundle and its stylesheet, copied as they are to /reference/ for /docs
 * (worker/openapi/routes.ts): nothing of it enters /widget.js. Without its sourceMappingURL line,
 * which would point at a 20 MB map we do not serve.
 */
const SCALAR = "node_modules/@scalar/api-reference/dist";

function apiReferenceAssets(): Plugin {
  return {
    name: "bookora-api-reference-assets",
    apply: "build",
    generateBundle() {
      const script = readFileSync(`${SCALAR}/browser/standalone.js`, "utf8").replace(/\n\/\/# sourceMappingURL=\S+\s*$/, "\n");
      this.emitFile({ type: "asset", fileName: "reference/standalone.js", source: script });
      this.emitFile({ type: "asset", fileName: "reference/style.css", source: readFileSync(`${SCALAR}/style.css`) });
    },
  };
}

/**
 * What /widget.js may contain: the widget, Preact and @preact/signals-core, and from the Worker only the pure
 * calendar-day module and the locale tables (worker/domain/contract.ts is imported as types, which leave nothing behind). Anything
 * else from worker/ would be server code (zod, drizzle, routes) shipped to every partner's page, and
 * any other package would be weight nobody measured, so the build fails and names it.
 */
const WIDGET_MODULES = [
  /\/widget\//,
  /\/node_modules\/(preact|@preact\/signals-core)\//,
  /\/worker\/domain\/calendar-days\.ts$/,
  // The strings' tables and their helpers (worker/locales/ is pure: data, Intl, no imports beyond itself).
  /\/worker\/locales\/[^/]+(\/[^/]+)?\.ts$/,
  // The iCalendar text rules the calendar file shares with the e-mail's invite (pure string functions).
  /\/worker\/lib\/icalendar-text\.ts$/,
];

function widgetBundleGuard(allowedModules = WIDGET_MODULES): Plugin {
  return {
    name: "bookora-widget-bundle-guard",
    generateBundle(_options, bundle) {
      for (const output of Object.values(bundle)) {
        if (output.type !== "chunk") continue;
        const strays = output.moduleIds.filter((id) => !allowedModules.some((allowed) => allowed.test(id)));
        if (strays.length > 0) this.error(`${output.fileName} must not bundle:\n  ${strays.join("\n  ")}`);
        // What the first slot needs is in the entry itself: a chunk it imports statically would be
        // one more round trip before it (scripts/check-widget-budget.mjs counts such a chunk as first-slot).
        if (output.isEntry && output.imports.length > 0) this.error(`${output.fileName} must import no chunk statically: ${output.imports.join(", ")}`);
      }
    },
  };
}

/**
 * JSX compiled to h() calls (Preact's classic runtime) instead of jsx() from preact/jsx-runtime:
 * the runtime module goes and the calls are shorter, 0.4 KB gzip off /widget.js. h and Fragment are
 * imported, under names no source file uses, into every .tsx module (the only ones with JSX); where
 * no JSX uses them, they are shaken out. Not into .ts modules: a locale's table imported Preact for
 * nothing, and Rolldown then moved Preact into a chunk of its own that /widget.js imports. Comes
 * after preact(), whose automatic runtime it replaces.
 */
function classicJsx(): Plugin {
  return {
    name: "bookora-classic-jsx",
    enforce: "pre",
    config: () => ({ oxc: { jsx: { runtime: "classic", pragma: "__h", pragmaFrag: "__Fragment" } } }),
    transform(code, id) {
      if (!/\.tsx$/.test(id)) return null;
      // On the first line, so the lines of the source maps stay where they were.
      return { code: `import { h as __h, Fragment as __Fragment } from "preact";${code}`, map: null };
    },
  };
}

/**
 * Terser's compressor over each chunk before Rolldown's own minifier (`output.minify`) mangles and
 * prints it: three passes find what one pass of Oxc's leaves (inlined constants, merged branches),
 * 0.15 KB gzip off /widget.js and 0.07 KB off the steps' chunk; either minifier alone leaves more.
 * Not Vite's `build.minify: "terser"`, which keeps the pure annotations in a library's ES output.
 * Safe options only: no `unsafe*`, and no `pure_getters`, since reading a signal's `.value` subscribes.
 */
function compressWithTerser(): Plugin {
  return {
    name: "bookora-compress-with-terser",
    renderChunk: {
      order: "post",
      async handler(code) {
        const compressed = await minify(code, { module: true, ecma: 2020, compress: { passes: 3 }, mangle: false, format: { comments: false } });
        return compressed.code ?? null;
      },
    },
  };
}

/** Where /widget.js's lazy chunks go: content-hashed names, cached for good (public/_headers). */
export const WIDGET_CHUNKS = "widget-chunks";

/** Where /manage.js's lazy chunks go: the steps after Cancel or Reschedule, and the languages but English. */
export const MANAGE_CHUNKS = "manage-chunks";

/** `locale-de` for the chunk of worker/locales/de/widget.ts (/widget.js) or widget/manage/locales/de.ts (/manage.js); null for any other. */
function localeChunkName(moduleId: string | null): string | null {
  const language = moduleId
    ?.match(/\/(?:worker\/locales\/([^/]+)\/widget|widget\/manage\/locales\/([^/]+))\.ts$/)
    ?.slice(1)
    .find(Boolean);
  return language ? `locale-${language}` : null;
}

/** A chunk of one language's strings or zone cities: data, no function to compile. */
function isTableChunk(moduleId: string | null): boolean {
  return localeChunkName(moduleId) !== null || /\/zone-cities\/cities-[^/]+\.ts$/.test(moduleId ?? "");
}

/**
 * The first line of every chunk with code: Chromium (136 and later) then compiles all its functions
 * while it downloads, off the main thread, instead of each on the main thread as it is first called,
 * which is when the widget renders its first slot (about 200 functions, 13–26 ms on this machine's
 * embed). Nearly every function of these chunks runs as they are used, so compiling them all ahead
 * wastes little. Measured in bench/README.md.
 */
const EAGER_COMPILE = "//# allFunctionsCalledOnLoad";

/**
 * Keeps every module the entry imports statically (transitively) in the entry's own chunk. Without
 * it, a module the entry shares with two or more lazy chunks (the steps' and the dialog's both use
 * the formatting) goes to a chunk of its own that the entry imports statically: one more round trip
 * before the first slot, which the guard refuses. Other modules are left to Rolldown.
 */
function inEntry(entry: string) {
  let reached: Set<string> | null = null;
  return (moduleId: string, { getModuleInfo }: { getModuleInfo: (id: string) => { importedIds: readonly string[] } | null }) => {
    if (!reached) {
      reached = new Set();
      const queue = [resolve(entry)];
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        if (reached.has(id)) continue;
        reached.add(id);
        queue.push(...(getModuleInfo(id)?.importedIds ?? []));
      }
    }
    return reached.has(moduleId) ? "widget" : null;
  };
}

/**
 * An ES module in dist/: `entry` bundled with everything it imports statically, minified. Its
 * dynamic imports become chunks under `chunks`/, which it fetches relative to its own URL; without
 * `chunks`, they are inlined and the module is self-contained.
 */
function moduleBuild(entry: string, fileName: string, chunks?: string): BuildEnvironmentOptions {
  return {
    outDir: "dist",
    target: "es2022",
    lib: { entry, formats: ["es"], fileName: () => fileName },
    rolldownOptions: {
      // A module both the entry and a lazy chunk import stays in the entry, which exports it to the
      // chunk; under "strict" (library mode's default) Rolldown would move it to a third chunk that
      // the entry imports statically: one more round trip before the first slot.
      preserveEntrySignatures: "allow-extension",
      output: {
        // Pure annotations guide tree-shaking during the build; shipped, they are bytes nobody reads.
        minify: true,
        comments: { legal: true, annotation: false, jsdoc: false },
        postBanner: (chunk: { facadeModuleId: string | null }) => (isTableChunk(chunk.facadeModuleId) ? "" : EAGER_COMPILE),
        ...(chunks
          ? {
              // A language's strings are named for it (`locale-de-…`): the budget counts them as alternatives.
              // Their hash tells versions of one language apart, so 6 characters (Rolldown's least) do: /widget.js names all six.
              chunkFileNames: (chunk: { facadeModuleId: string | null }) => {
                const locale = localeChunkName(chunk.facadeModuleId);
                return locale ? `${chunks}/${locale}-[hash:6].js` : `${chunks}/[name]-[hash].js`;
              },
              manualChunks: inEntry(entry),
            }
          : {}),
      },
    },
  };
}

/**
 * /manage.js, the manage page's module, built after /widget.js as a bundle of its own. Two entries in
 * one build would move Preact into a chunk that /widget.js imports, which partners' pages would then
 * fetch from us cross-origin and which would count against the widget. Same guard, same minifying,
 * the same rules for its chunks (under manage-chunks/: the steps after a press, one per language).
 */
function managePageBundle(): Plugin {
  return {
    name: "bookora-manage-page-bundle",
    apply: "build",
    async closeBundle() {
      await build({
        configFile: false,
        publicDir: false,
        logLevel: "warn",
        plugins: [preact(), classicJsx(), widgetBundleGuard(), compressWithTerser()],
        // The widget's modules it shares get their "later steps" (the retry policy) from the manage
        // page's own steps' chunk, not the widget's form and confirmation (widget/manage/widget-lazy-steps.ts).
        resolve: { alias: [{ find: /^\.\/lazy-steps$/, replacement: resolve("widget/manage/widget-lazy-steps.ts") }] },
        build: { ...moduleBuild("widget/manage/main.ts", "manage.js", MANAGE_CHUNKS), emptyOutDir: false },
      });
    },
  };
}

export default defineConfig({
  plugins: [preact(), classicJsx(), frontPage(), apiReferenceAssets(), widgetBundleGuard(), compressWithTerser(), managePageBundle()],
  build: { ...moduleBuild("widget/main.ts", "widget.js", WIDGET_CHUNKS), emptyOutDir: true },
});
