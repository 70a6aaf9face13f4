/**
 * A booking type's questions through the management API (design-management.md "Booking type fields
 * added later"): created, read, changed and listed as sent, shown to visitors by the public lookup
 * the widget reads, and each limit refused with 400 naming the field, writing nothing.
 */
import { describe, expect, it } from "vitest";
import type { BookingQuestion, BookingTypeDetails } from "../domain/contract";
import { createBookingType, get, patchBookingType, post, type SeededHost, seedHost } from "../test/fixtures";

const QUESTIONS: BookingQuestion[] = [
  { id: "company", label: "Company", type: "text", required: true },
  { id: "topic", label: "Which subject?", type: "select", required: false, options: ["Maths", "Physics"] },
  { id: "phone", label: "Phone", type: "phone", required: false },
];

async function typesOf(host: SeededHost) {
  return ((await (await get(`/api/hosts/${host.username}/booking-types`, host.token)).json()) as { data: { slug: string | null }[] }).data;
}

async function refusal(response: Response) {
  const body = (await response.json()) as { error: { code: string; details: { field: string } } };
  return { status: response.status, code: body.error.code, field: body.error.details?.field };
}

describe("questions through the management API", () => {
  it("round-trips the questions on create, read, list and change, and shows them in the public lookup", async () => {
    const host = await seedHost();
    const created = await createBookingType(host, { questions: QUESTIONS });
    expect(created.status).toBe(201);
    const type = (await created.json()) as { id: string; questions: BookingQuestion[] };
    expect(type.questions).toEqual(QUESTIONS);
    expect(((await (await get(`/api/booking-types/${type.id}`, host.token)).json()) as { questions: unknown }).questions).toEqual(QUESTIONS);
    expect(((await typesOf(host)).find((listed) => listed.slug === "tutoring") as unknown as { questions: unknown }).questions).toEqual(QUESTIONS);

    const lookup = await get(`/api/booking-types?username=${host.username}&slug=tutoring`);
    expect(((await lookup.json()) as BookingTypeDetails).questions).toEqual(QUESTIONS);

    const reordered = [QUESTIONS[2]!, { ...QUESTIONS[0]!, label: "Your school", required: false }];
    const patched = await patchBookingType(host, type.id, { questions: reordered });
    expect(patched.status).toBe(200);
    expect(((await patched.json()) as { questions: unknown }).questions).toEqual(reordered);
    const after = await get(`/api/booking-types?username=${host.username}&slug=tutoring`);
    expect(((await after.json()) as BookingTypeDetails).questions).toEqual(reordered);
  });

  it("asks nothing unless told: [] on a new type, required false by default, an empty PATCH keeps them", async () => {
    const host = await seedHost();
    const plain = (await (await createBookingType(host, {})).json()) as { questions: unknown };
    expect(plain.questions).toEqual([]);
    const other = await post(
      `/api/hosts/${host.username}/booking-types`,
      { title: "Call", durations: [30], questions: [{ id: "notes-2", label: "Anything else?", type: "textarea" }] },
      { token: host.token },
    );
    const made = (await other.json()) as { id: string; questions: unknown };
    expect(made.questions).toEqual([{ id: "notes-2", label: "Anything else?", type: "textarea", required: false }]);
    expect(((await (await patchBookingType(host, made.id, { title: "Call back" })).json()) as { questions: unknown }).questions).toEqual(made.questions);
  });

  it("takes any id of 1–40 a-z, 0-9, _ and -, as design-management.md gives them, a leading _ or - included", async () => {
    const host = await seedHost();
    const ids = ["_ref", "-x", "2fa", "a_b-c"];
    const created = await createBookingType(host, { questions: ids.map((id) => question({ id })) });
    expect(created.status).toBe(201);
    expect(((await created.json()) as { questions: { id: string }[] }).questions.map((q) => q.id)).toEqual(ids);
  });

  it("trims labels and options", async () => {
    const host = await seedHost();
    const created = await createBookingType(host, { questions: [{ id: "level", label: "  Level  ", type: "select", required: true, options: [" A ", "B"] }] });
    expect(((await created.json()) as { questions: unknown }).questions).toEqual([
      { id: "level", label: "Level", type: "select", required: true, options: ["A", "B"] },
    ]);
  });
});

const question = (extra: Record<string, unknown>) => ({ id: "company", label: "Company", type: "text", required: false, ...extra });

describe("refused questions: 400 INVALID_REQUEST naming the field, nothing written", () => {
  it.each<[string, unknown, string]>([
    ["not a list", { id: "company" }, "questions"],
    ["11 questions", Array.from({ length: 11 }, (_, i) => question({ id: `q${i}` })), "questions"],
    ["an id used twice", [question({}), question({ label: "Again" })], "questions.1.id"],
    ["an id with capitals", [question({ id: "Company" })], "questions.0.id"],
    ["the id __proto__", [question({ id: "__proto__" })], "questions.0.id"],
    ["an id of 41 characters", [question({ id: "a".repeat(41) })], "questions.0.id"],
    ["an unknown type", [question({ type: "date" })], "questions.0.type"],
    ["an empty label", [question({ label: "  " })], "questions.0.label"],
    ["a label of 201 characters", [question({ label: "x".repeat(201) })], "questions.0.label"],
    ["a label with a bidirectional override", [question({ label: "Com\u202epany" })], "questions.0.label"],
    ["a label with a line break", [question({ label: "Com\npany" })], "questions.0.label"],
    ["required that is not a boolean", [question({ required: "yes" })], "questions.0.required"],
    ["a select without options", [question({ type: "select" })], "questions.0.options"],
    ["a select with no options", [question({ type: "select", options: [] })], "questions.0.options"],
    ["a select with 51 options", [question({ type: "select", options: Array.from({ length: 51 }, (_, i) => `o${i}`) })], "questions.0.options"],
    ["an option listed twice", [question({ type: "select", options: ["A", "A"] })], "questions.0.options.1"],
    ["an option of 201 characters", [question({ type: "select", options: ["x".repeat(201)] })], "questions.0.options.0"],
    ["options on a text question", [question({ options: ["A"] })], "questions.0.options"],
    ["a question that is not an object", ["company"], "questions.0"],
  ])("refuses %s", async (_label, questions, field) => {
    const host = await seedHost();
    expect(await refusal(await createBookingType(host, { questions }))).toEqual({ status: 400, code: "INVALID_REQUEST", field });
    expect((await typesOf(host)).map((type) => type.slug)).not.toContain("tutoring");

    const ref = String(host.types[0]!.id);
    expect(await refusal(await patchBookingType(host, ref, { questions }))).toEqual({ status: 400, code: "INVALID_REQUEST", field });
    expect(((await (await get(`/api/booking-types/${ref}`, host.token)).json()) as { questions: unknown }).questions).toEqual([]);
  });
});
