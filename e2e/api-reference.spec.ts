/**
 * The API reference (/docs) as a partner's developer opens it from the front page: Scalar, served
 * from our origin, renders /api/openapi.json under the page's CSP, and nothing is loaded from
 * anywhere else.
 */
import { WORKER_ORIGIN } from "./support/origins";
import { expect, test } from "./support/test";
import { cspViolations } from "./support/visitor";

test("the front page links to the reference, which renders the served document's operations and webhook messages, loading nothing from elsewhere", async ({
  page,
}) => {
  const requested: string[] = [];
  page.on("request", (request) => requested.push(request.url()));
  const documentFetched = page.waitForResponse(`${WORKER_ORIGIN}/api/openapi.json`);

  await page.goto("/");
  await page.getByRole("link", { name: "API reference" }).click();
  await expect(page).toHaveURL(`${WORKER_ORIGIN}/docs`);

  // What it renders is the document the API serves, its description's error table included.
  expect(await (await documentFetched).json()).toEqual(await (await page.request.get("/api/openapi.json")).json());
  await expect(page.getByRole("heading", { level: 1, name: "Bookora API" })).toBeVisible();
  await expect(page.getByRole("row", { name: /^SLOT_NOT_AVAILABLE 409/ })).toBeAttached();

  // An operation is one click away in the sidebar, with its body's fields.
  const sidebar = page.getByRole("complementary");
  await sidebar.getByRole("link", { name: /^Move a booking/ }).click();
  const move = page.getByRole("region", { name: "Move a booking" });
  await expect(move.getByRole("heading", { name: "Move a booking" })).toBeInViewport();
  await expect(move.getByRole("button", { name: "newSlot", exact: true })).toBeVisible();

  // So is a webhook message, with the signature header a receiver checks.
  await sidebar.getByRole("button", { name: "Open Group - Webhooks" }).click();
  await sidebar.getByRole("link", { name: /^A booking was made/ }).click();
  const message = page.getByRole("region", { name: "A booking was made" });
  await expect(message.getByRole("heading", { name: "A booking was made" })).toBeInViewport();
  await expect(message.getByText("webhook-signature").first()).toBeVisible();

  // And the search finds an operation by what it does.
  await sidebar.getByRole("button", { name: /^Open Search/ }).click();
  await page.keyboard.type("reschedule");
  await expect(page.getByRole("dialog", { name: "Search" }).getByRole("option", { name: /^Operation: Move a booking/ })).toBeVisible();

  const response = await page.request.get("/docs");
  expect(response.headers()["content-security-policy"]).toContain("script-src 'self';");
  // Scalar's zod probes once whether it may compile with Function(""); refused, it validates without.
  const violations = (await cspViolations(page)).filter((violation) => violation.blocked !== "eval");
  expect(violations, "nothing the page needs is blocked by its policy").toEqual([]);
  expect(
    requested.filter((url) => !url.startsWith(WORKER_ORIGIN) && !url.startsWith("data:")),
    "no third-party request",
  ).toEqual([]);
});
