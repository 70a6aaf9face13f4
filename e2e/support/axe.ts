/** axe-core's WCAG 2.0–2.2 A and AA rules on the page as it is now; serious and critical findings fail. */
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/** Fails with a readable list if axe finds anything serious or critical on the page as it is now. */
export async function expectNoSeriousViolations(page: Page, step: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map(
      (violation) => `${violation.id} (${violation.impact}): ${violation.help}\n    ${violation.nodes.map((node) => node.target.join(" >>> ")).join("\n    ")}`,
    );
  expect(serious, `axe on ${step}`).toEqual([]);
}
