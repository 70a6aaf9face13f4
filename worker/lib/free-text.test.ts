import { describe, expect, it } from "vitest";
import { freeTextProblem } from "./free-text";

const oneLine = { multiline: false };
const lines = { multiline: true };

describe("free text", () => {
  it.each([
    ["a bell", "Ada\u0007"],
    ["NUL", "Ada\u0000"],
    ["a tab", "Ada\tLovelace"],
    ["DEL", "Ada\u007f"],
    ["a C1 control", "Ada\u0085"],
    ["a right-to-left override", "Ada \u202egnp.exe"],
    ["a left-to-right embedding", "\u202aAda"],
    ["a first-strong isolate", "Ada\u2068x\u2069"],
  ])("refuses %s in every field", (_label, text) => {
    expect(freeTextProblem(text, oneLine)).toMatch(/^must not contain /);
    expect(freeTextProblem(text, lines)).toMatch(/^must not contain /);
  });

  it.each([
    ["LF", "line one\nline two"],
    ["CRLF", "line one\r\nline two"],
    ["a lone CR", "line one\rline two"],
    ["a line separator", "line one\u2028line two"],
  ])("takes %s where a field has lines, and refuses it in a one-line field", (_label, text) => {
    expect(freeTextProblem(text, lines)).toBeNull();
    expect(freeTextProblem(text, oneLine)).toMatch(/^must not contain a line break/);
  });

  it("keeps the left-to-right and right-to-left marks of real names, and every script", () => {
    for (const text of [
      "\u05d3\u05d5\u05d3 \u200f(\u05d9\u05e9\u05e8\u05d0\u05dc)",
      "\u0645\u062d\u0645\u062f\u200e 2",
      "Zoë Ørsted-Łukasz",
      "山田 太郎",
      "👩🏽‍💻 Ada",
    ]) {
      expect(freeTextProblem(text, oneLine)).toBeNull();
    }
  });

  it("names what it found and where", () => {
    expect(freeTextProblem("Ada \u202eevil", oneLine)).toBe("must not contain a bidirectional control (U+202E at position 5)");
    expect(freeTextProblem("a\u0007", lines)).toBe("must not contain a control character (U+0007 at position 2)");
  });
});
