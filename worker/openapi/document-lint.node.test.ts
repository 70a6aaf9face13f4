/**
 * The document as partners' tools read it: Redocly's `recommended` rules, plus camelCase operationIds
 * (client generators turn them into method names). Runs in Node (vitest's "node" project), since the
 * linter is a Node library; the document it lints is the one /api/openapi.json serves.
 */
import { createConfig, lintFromString } from "@redocly/openapi-core";
import { expect, it } from "vitest";
import { openApiDocument } from "./document";

/** Warnings the document promises to be free of: every operation named once, safely, and examples its schemas accept. */
const PROMISED = ["operation-operationId", "operation-operationId-unique", "operation-operationId-url-safe", "no-invalid-schema-examples"];

it("passes Redocly's recommended rules with no error, and every operation has a unique camelCase operationId", async () => {
  const config = await createConfig({
    extends: ["recommended"],
    rules: {
      "rule/operationId-camelCase": {
        subject: { type: "Operation", property: "operationId" },
        assertions: { defined: true, casing: "camelCase" },
        severity: "error",
        message: "operationId must be camelCase",
      },
    },
  });
  const problems = await lintFromString({ source: JSON.stringify(openApiDocument()), absoluteRef: "openapi.json", config });
  const line = (problem: (typeof problems)[number]) => `${problem.severity} ${problem.ruleId} at ${problem.location[0]?.pointer ?? "?"}: ${problem.message}`;
  const isFailing = (problem: (typeof problems)[number]) => problem.severity === "error" || PROMISED.includes(problem.ruleId);
  // The rest are known and accepted (no 4xx from /api/health and this document, no licence): shown, not failed.
  const accepted = problems.filter((problem) => !isFailing(problem)).map(line);
  if (accepted.length > 0) console.log(`Accepted lint warnings:\n  ${accepted.join("\n  ")}`);
  expect(problems.filter(isFailing).map(line)).toEqual([]);
});
