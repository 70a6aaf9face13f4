/**
 * The `test` every spec imports: Playwright's, with the visitor's page prepared (clock frozen at the
 * real time, widget events and CSP violations recorded) before any navigation.
 */
import { test as base } from "@playwright/test";
import { prepareVisitor } from "./visitor";

export const test = base.extend({
  page: async ({ page }, use) => {
    await prepareVisitor(page);
    await use(page);
  },
});

export { expect } from "@playwright/test";
