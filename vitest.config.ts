// Two projects: the Worker's tests run inside workerd with the real D1, Durable Objects and
// migrations; the widget's pure modules (calendar math, zones, retries) run in Node.
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

export default defineConfig(async () => {
  const migrations = await readD1Migrations("./migrations");
  return {
    test: {
      projects: [
        {
          plugins: [
            cloudflareTest({
              main: "./worker/index.ts",
              wrangler: { configPath: "./wrangler.toml" },
              miniflare: { bindings: { TEST_MIGRATIONS: migrations } },
            }),
          ],
          test: {
            name: "worker",
            include: ["worker/**/*.test.ts"],
            setupFiles: ["./worker/test/apply-migrations.ts"],
          },
        },
        {
          test: { name: "widget", include: ["widget/**/*.test.ts"], environment: "node" },
        },
      ],
    },
  };
});
