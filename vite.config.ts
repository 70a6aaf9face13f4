// Builds the static assets the Worker serves (Workers Static Assets, ./dist): /widget.js, the
// <bookora-widget> bundle as one ES module at a stable URL, plus the front page and public/.
import { readFileSync } from "node:fs";
import preact from "@preact/preset-vite";
import { defineConfig, type Plugin } from "vite";

/** index.html is a plain page that loads /widget.js like any partner would, so it is copied, not bundled. */
function frontPage(): Plugin {
  return {
    name: "bookora-front-page",
    generateBundle() {
      this.emitFile({ type: "asset", fileName: "index.html", source: readFileSync("index.html", "utf8") });
    },
  };
}

export default defineConfig({
  plugins: [preact(), frontPage()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    lib: {
      entry: "widget/main.ts",
      formats: ["es"],
      fileName: () => "widget.js",
    },
    rolldownOptions: {
      output: { minify: true },
    },
  },
});
