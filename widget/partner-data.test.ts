import { describe, expect, it } from "vitest";
import type { BookingQuestion } from "../worker/domain/contract";
import { answersToSend, partnerMetadata, prefilledAnswers, refusedField } from "./partner-data";

const QUESTIONS: BookingQuestion[] = [
  { id: "company", label: "Company", type: "text", required: true },
  { id: "topic", label: "Topic", type: "select", required: false, options: ["Pricing", "Integration"] },
  { id: "details", label: "Details", type: "textarea", required: false },
  { id: "consent", label: "I agree", type: "checkbox", required: false },
  { id: "phone", label: "Phone", type: "phone", required: false },
];

describe("the metadata a booking is made with", () => {
  it("adds the page's five UTM parameters to the attribute's, the attribute winning, and nothing else of the URL", () => {
    const page = "https://partner.example/pricing?utm_source=newsletter&utm_medium=email&utm_campaign=winter&utm_term=crm&utm_content=cta&ref=abc&gclid=x";
    expect(partnerMetadata('{"leadId":"L-42","utm_campaign":"from-attribute"}', page)).toEqual({
      leadId: "L-42",
      utm_source: "newsletter",
      utm_medium: "email",
      utm_campaign: "from-attribute",
      utm_term: "crm",
      utm_content: "cta",
    });
  });

  it("takes the UTM parameters alone when the attribute is missing, not JSON, or not an object; values that are not strings are left out", () => {
    const page = "https://partner.example/?utm_source=ads";
    for (const attribute of [null, "", "{leadId: 1}", "[1,2]", '"text"', "null"])
      expect(partnerMetadata(attribute, page), String(attribute)).toEqual({ utm_source: "ads" });
    expect(partnerMetadata('{"leadId":"L-1","score":7,"tags":["a"]}', "https://partner.example/")).toEqual({ leadId: "L-1" });
  });
});

describe("the answers a booking is made with", () => {
  it("prefills the questions the type asks from the answers attribute, each as its field holds it", () => {
    const attribute = JSON.stringify({ company: "Acme", topic: "Pricing", consent: true, phone: 442079460958, unknown: "x", details: false });
    expect(prefilledAnswers(attribute, QUESTIONS)).toEqual({ company: "Acme", topic: "Pricing", consent: true, phone: "442079460958" });
    expect(prefilledAnswers("{not json", QUESTIONS)).toEqual({});
    expect(prefilledAnswers('{"consent":"yes"}', QUESTIONS), "a checkbox takes only a boolean").toEqual({});
    expect(prefilledAnswers('{"topic":"Marketing"}', QUESTIONS), "a choice the select does not offer").toEqual({});
  });

  it("sends a checkbox as a boolean, text trimmed, and leaves out empty answers and answers to questions no longer asked", () => {
    expect(answersToSend(QUESTIONS, { company: "  Acme ", topic: "", details: "   ", consent: true, removed: "x" })).toEqual({
      company: "Acme",
      consent: true,
    });
    expect(answersToSend(QUESTIONS, { company: "Acme" }), "an untouched checkbox is unchecked").toEqual({ company: "Acme", consent: false });
  });

  it("reads the refused field from a 400's details", () => {
    expect(refusedField({ field: "answers.company", issues: [{ path: "answers.company", message: "answers.company is required" }] })).toBe("answers.company");
    expect(refusedField(undefined)).toBeNull();
    expect(refusedField({ rescheduledToId: "b-2" })).toBeNull();
  });
});
