/**
 * The API reference (/docs) as a partner's developer opens it from the front page: the whole
 * document readable under the page's own strict CSP, styled, and with nothing loaded from anywhere
 * but our origin.
 */
import { WORKER_ORIGIN } from "./support/origins";
import { expect, test } from "./support/test";
import { cspViolations } from "./support/visitor";

test("the front page links to the reference, which shows every operation and error code under its CSP, loading nothing from elsewhere", async ({ page }) => {
  const requested: string[] = [];
  page.on("request", (request) => requested.push(request.url()));

  await page.goto("/");
  await page.getByRole("link", { name: "API reference" }).click();
  await expect(page).toHaveURL(`${WORKER_ORIGIN}/docs`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Bookora API");

  // Its stylesheets loaded under `style-src 'self'`: the list of operations stays in view (docs.css).
  const nav = page.getByRole("navigation", { name: "Operations" });
  await expect(nav).toHaveCSS("position", "sticky");

  // An operation is one click away, with its body's fields and an example to copy.
  await nav.getByRole("link", { name: "POST /api/bookings", exact: true }).click();
  const create = page.locator("#post-api-bookings");
  await expect(create).toBeInViewport();
  await expect(create.getByRole("cell", { name: "bookingType required" })).toBeVisible();
  await expect(create.locator("pre")).toContainText('"email": "ada@example.com"');
  await expect(page.getByRole("cell", { name: "SLOT_NOT_AVAILABLE", exact: true })).toBeVisible();

  const response = await page.request.get("/docs");
  expect(response.headers()["content-security-policy"]).toContain("default-src 'none'");
  expect(await cspViolations(page), "nothing the page holds is blocked by its policy").toEqual([]);
  expect(requested.filter((url) => !url.startsWith(WORKER_ORIGIN)), "no third-party request").toEqual([]);
});
