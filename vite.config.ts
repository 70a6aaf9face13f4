// Builds the static assets the Worker serves (Workers Static Assets, ./dist): the front page now,
// the <bookora-widget> bundle (widget/) when it lands.
import preact from "@preact/preset-vite";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [preact()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
  },
});
