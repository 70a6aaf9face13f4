/**
 * A booking type's e-mail settings through the management API (design-management.md "Booking type
 * fields added later", design-notifications.md): `reminders`, `emailAttendee` and `emailHost` created,
 * read, listed and changed as sent, stored in their D1 columns, defaulted when left out (by the API and
 * by the columns alike), and each bad value refused with 400 naming the field, writing nothing.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createBookingType, get, patchBookingType, type SeededHost, seedHost } from "../test/fixtures";

interface EmailSettings {
  reminders: number[];
  emailAttendee: boolean;
  emailHost: boolean;
}

const DEFAULTS: EmailSettings = { reminders: [1440], emailAttendee: true, emailHost: true };

function emailSettingsOf(type: EmailSettings): EmailSettings {
  return { reminders: type.reminders, emailAttendee: type.emailAttendee, emailHost: type.emailHost };
}

async function readType(host: SeededHost, ref: string): Promise<EmailSettings & { title: string }> {
  return (await (await get(`/api/booking-types/${ref}`, host.token)).json()) as EmailSettings & { title: string };
}

async function listedTypes(host: SeededHost) {
  return (
    (await (await get(`/api/hosts/${host.username}/booking-types`, host.token)).json()) as { data: (EmailSettings & { id: string; slug: string | null })[] }
  ).data;
}

/** The columns as D1 holds them: what the outbox reads when it plans messages. */
async function storedColumns(id: string) {
  return env.DB.prepare("SELECT reminders, email_attendee, email_host FROM booking_types WHERE id = ?").bind(Number(id)).first();
}

async function refusal(response: Response) {
  const body = (await response.json()) as { error: { code: string; details?: { field: string } } };
  return { status: response.status, code: body.error.code, field: body.error.details?.field };
}

describe("e-mail settings through the management API", () => {
  it("keeps what create and PATCH send, in the answer, the read, the list and the D1 columns", async () => {
    const host = await seedHost();
    const created = await createBookingType(host, { reminders: [60, 2880], emailAttendee: false, emailHost: true });
    expect(created.status).toBe(201);
    const type = (await created.json()) as EmailSettings & { id: string };
    const sent: EmailSettings = { reminders: [2880, 60], emailAttendee: false, emailHost: true };
    expect(emailSettingsOf(type)).toEqual(sent);
    expect(emailSettingsOf(await readType(host, type.id))).toEqual(sent);
    expect(emailSettingsOf((await listedTypes(host)).find((listed) => listed.id === type.id)!)).toEqual(sent);
    expect(await storedColumns(type.id)).toEqual({ reminders: "[2880,60]", email_attendee: 0, email_host: 1 });

    const patched = await patchBookingType(host, type.id, { reminders: [], emailAttendee: true, emailHost: false });
    expect(patched.status).toBe(200);
    const changed: EmailSettings = { reminders: [], emailAttendee: true, emailHost: false };
    expect(emailSettingsOf((await patched.json()) as EmailSettings)).toEqual(changed);
    expect(emailSettingsOf(await readType(host, type.id))).toEqual(changed);
    expect(await storedColumns(type.id)).toEqual({ reminders: "[]", email_attendee: 1, email_host: 0 });

    expect((await patchBookingType(host, type.id, { reminders: [5, 10_080, 30] })).status).toBe(200);
    expect(emailSettingsOf(await readType(host, type.id))).toEqual({ ...changed, reminders: [10_080, 30, 5] });
  });

  it("reminds a day before and e-mails both when told nothing, and a PATCH of other fields keeps the settings", async () => {
    const host = await seedHost();
    const type = (await (await createBookingType(host, {})).json()) as EmailSettings & { id: string };
    expect(emailSettingsOf(type)).toEqual(DEFAULTS);
    expect(await storedColumns(type.id)).toEqual({ reminders: "[1440]", email_attendee: 1, email_host: 1 });

    expect((await patchBookingType(host, type.id, { emailHost: false })).status).toBe(200);
    const renamed = await patchBookingType(host, type.id, { title: "Tutoring, longer" });
    expect(emailSettingsOf((await renamed.json()) as EmailSettings)).toEqual({ ...DEFAULTS, emailHost: false });
  });

  it("gives a type inserted without the columns (the seed, rows older than them) the same defaults", async () => {
    const host = await seedHost();
    expect(emailSettingsOf(await readType(host, String(host.types[0]!.id)))).toEqual(DEFAULTS);
  });
});

describe("refused e-mail settings: 400 INVALID_REQUEST naming the field, nothing written", () => {
  it.each<[string, Record<string, unknown>, string]>([
    ["4 reminders", { reminders: [5, 60, 1440, 2880] }, "reminders"],
    ["reminders that aren't a list", { reminders: 1440 }, "reminders"],
    ["a reminder 4 minutes before", { reminders: [1440, 4] }, "reminders.1"],
    ["a reminder 10,081 minutes before", { reminders: [10_081] }, "reminders.0"],
    ["a reminder of 60.5 minutes", { reminders: [60.5] }, "reminders.0"],
    ["a reminder as text", { reminders: ["60"] }, "reminders.0"],
    ["a reminder listed twice", { reminders: [60, 60] }, "reminders.1"],
    ["emailHost that isn't a boolean", { emailHost: "false" }, "emailHost"],
    ["emailHost null", { emailHost: null }, "emailHost"],
    ["emailAttendee as 0", { emailAttendee: 0 }, "emailAttendee"],
  ])("refuses %s", async (_label, body, field) => {
    const host = await seedHost();
    expect(await refusal(await createBookingType(host, body))).toEqual({ status: 400, code: "INVALID_REQUEST", field });
    expect((await listedTypes(host)).map((type) => type.slug)).not.toContain("tutoring");

    // A type with settings of its own, so a write of anything (defaults included) would show.
    const made = (await (await createBookingType(host, { reminders: [60], emailAttendee: false, emailHost: false })).json()) as { id: string };
    expect(await refusal(await patchBookingType(host, made.id, { title: "Changed", emailAttendee: true, ...body }))).toEqual({
      status: 400,
      code: "INVALID_REQUEST",
      field,
    });
    const after = await readType(host, made.id);
    expect({ title: after.title, ...emailSettingsOf(after) }).toEqual({ title: "Tutoring", reminders: [60], emailAttendee: false, emailHost: false });
  });
});
