/** The pure part of judging answers: what a phone number reads as, and the order and precedence of what is stored or refused. */
import { describe, expect, it } from "vitest";
import { checkAnswers, e164 } from "./booking-answers";

describe("phone numbers as E.164", () => {
  it.each([
    ["+44 20 7946 0958", "+442079460958"],
    ["+1 (415) 555-0123", "+14155550123"],
    ["0049 30.1234.5678", "+493012345678"],
    ["+1234567", "+1234567"],
    ["+123456789012345", "+123456789012345"],
  ])("reads %s as %s", (written, stored) => {
    expect(e164(written)).toBe(stored);
  });

  it.each([
    ["no country code", "020 7946 0958"],
    ["a country code starting with 0", "+0 20 7946 0958"],
    ["6 digits", "+123456"],
    ["16 digits", "+1234567890123456"],
    ["letters", "+44 20 CALL NOW"],
    ["a + in the middle", "44+2079460958"],
    ["an extension", "+44 20 7946 0958 ext 12"],
  ])("refuses a number with %s", (_label, written) => {
    expect(e164(written)).toBeNull();
  });
});

describe("answers judged against the questions", () => {
  it("stores them in the questions' order, whatever order they were sent in", () => {
    const questions = [
      { id: "b", label: "B", type: "text" as const, required: false },
      { id: "a", label: "A", type: "checkbox" as const, required: false },
    ];
    const checked = checkAnswers(questions, { a: true, b: "x" });
    expect(checked.ok && Object.keys(checked.value)).toEqual(["b", "a"]);
  });

  it("names an answer to a question the type does not ask before a missing required one", () => {
    const questions = [{ id: "company", label: "Company", type: "text" as const, required: true }];
    expect(checkAnswers(questions, { colour: "red" })).toEqual({
      ok: false,
      issue: { path: "answers.colour", message: "is not a question of this booking type" },
    });
  });
});
