import { listDurableObjectIds } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { addDays } from "../domain/calendar-days";
import { availableSlots, book, errorOf, everyDay, get, post, seedHost, upcoming } from "../test/fixtures";

describe("GET /api/availability", () => {
  it("lists a London host's 30-minute slots from 09:00 to 17:00 in UTC, sorted", async () => {
    const host = await seedHost();
    const monday = upcoming(1);
    const slots = await availableSlots(host, { startDate: monday, endDate: monday, timezone: "Europe/London" });
    expect(slots).toHaveLength(16);
    const offset = slots[0]!.start.slice(11, 16); // 09:00 local is 09:00Z in winter, 08:00Z in summer
    expect(["09:00", "08:00"]).toContain(offset);
    expect(slots.map((s) => s.start)).toEqual([...slots.map((s) => s.start)].sort());
    for (const slot of slots) {
      expect(slot.start).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00Z$/);
      expect(Date.parse(slot.end) - Date.parse(slot.start)).toBe(30 * 60_000);
    }
  });

  it("accepts the booking type's numeric id and its string id alike", async () => {
    const host = await seedHost();
    const monday = upcoming(1);
    const byNumber = await availableSlots(host, { slug: String(host.types[0]!.id), startDate: monday, endDate: monday });
    const byString = await availableSlots(host, { slug: host.types[0]!.publicId, startDate: monday, endDate: monday });
    expect(byString).toEqual(byNumber);
    expect(byNumber.length).toBe(16);
  });

  it("reads startDate and endDate as calendar days in the visitor's time zone", async () => {
    // A host in UTC working 00:00–24:00 every day: a Kathmandu day (+05:45) starts at 18:15Z the day before.
    const host = await seedHost({
      timeZone: "UTC",
      weekly: everyDay(0, 1440),
      types: [{ durationMinutes: 15 }],
    });
    const day = upcoming(3, "Asia/Kathmandu");
    const slots = await availableSlots(host, { startDate: day, endDate: day, timezone: "Asia/Kathmandu" });
    expect(slots).toHaveLength(96);
    const previous = addDays(day, -1);
    expect(slots[0]!.start).toBe(`${previous}T18:15:00Z`);
    expect(slots.at(-1)!.start).toBe(`${day}T18:00:00Z`);
  });

  it("offers another allowed duration when asked, and refuses one the type does not offer", async () => {
    const host = await seedHost({ types: [{ durationMinutes: 30, durationOptions: [30, 60] }] });
    const monday = upcoming(1);
    const hourLong = await availableSlots(host, { startDate: monday, endDate: monday, duration: "60" });
    expect(hourLong).toHaveLength(8);
    expect(Date.parse(hourLong[0]!.end) - Date.parse(hourLong[0]!.start)).toBe(3_600_000);
    const refused = await get(`/api/availability?username=${host.username}&slug=${host.types[0]!.id}&startDate=${monday}&endDate=${monday}&duration=45`);
    expect(await errorOf(refused)).toMatchObject({ status: 400, code: "INVALID_REQUEST" });
  });

  it("drops a slot once it is booked, and offers it again after cancellation", async () => {
    const host = await seedHost();
    const monday = upcoming(1);
    const before = await availableSlots(host, { startDate: monday, endDate: monday });
    const { bookingId } = await book(host, before[3]!);
    const after = await availableSlots(host, { startDate: monday, endDate: monday });
    expect(after.map((s) => s.start)).toEqual(before.filter((_, i) => i !== 3).map((s) => s.start));
    expect((await post(`/api/bookings/${bookingId}/cancel`, {}, { token: host.token })).status).toBe(200);
    expect(await availableSlots(host, { startDate: monday, endDate: monday })).toEqual(before);
  });

  it("offers nothing on weekends and answers an empty list, not an error", async () => {
    const host = await seedHost();
    const saturday = upcoming(6);
    expect(await availableSlots(host, { startDate: saturday, endDate: addDays(saturday, 1) })).toEqual([]);
  });

  it.each([
    ["a missing username", { username: undefined }],
    ["a malformed startDate", { startDate: "2026-13-01" }],
    ["an impossible date", { startDate: "2027-02-30" }],
    ["an endDate before startDate", { endDate: "2000-01-01" }],
    ["a range over 62 days", { endDate: "2099-12-31" }],
    ["an unknown time zone", { timezone: "Mars/Olympus_Mons" }],
    ["a non-numeric duration", { duration: "abc" }],
    ["a malformed booking type", { slug: "drop table" }],
    [
      "a day before 2000 (London's local mean time in 1847 once hung the server)",
      { startDate: "1847-12-01", endDate: "1847-12-01", timezone: "Europe/London" },
    ],
    ["a day before 2000 in Berlin (1893's gap of 6 min 32 s)", { startDate: "1893-04-01", endDate: "1893-04-01", timezone: "Europe/Berlin" }],
    ["a day after 2100", { startDate: "2101-01-01", endDate: "2101-01-01" }],
    ["both dates malformed (once a 500)", { startDate: "<script>", endDate: "-1" }],
  ])("answers 400 INVALID_REQUEST for %s", async (_label, override) => {
    const host = await seedHost();
    const monday = upcoming(1);
    const params: Record<string, string | undefined> = {
      username: host.username,
      slug: String(host.types[0]!.id),
      startDate: monday,
      endDate: monday,
      ...override,
    };
    const query = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined));
    const error = await errorOf(await get(`/api/availability?${query}`));
    expect(error).toMatchObject({ status: 400, code: "INVALID_REQUEST" });
    expect(error.message.length).toBeGreaterThan(5);
  });

  it("keeps serving after refusing the 1847 request", async () => {
    const host = await seedHost();
    const query = `username=${host.username}&slug=${host.types[0]!.id}&startDate=1847-12-01&endDate=1847-12-01&timezone=Europe/London`;
    expect((await get(`/api/availability?${query}`)).status).toBe(400);
    expect((await get("/api/health")).status).toBe(200);
  });

  it("answers an unknown host without waking a Durable Object, however often it is asked", async () => {
    const before = (await listDurableObjectIds(env.HOST_SCHEDULER)).length;
    const monday = upcoming(1);
    for (let i = 0; i < 3; i += 1) {
      const unknown = await get(`/api/availability?username=nobody-at-all&slug=2&startDate=${monday}&endDate=${monday}`);
      expect(await errorOf(unknown)).toMatchObject({ status: 404, code: "NOT_FOUND" });
    }
    expect((await listDurableObjectIds(env.HOST_SCHEDULER)).length).toBe(before);
  });

  it("answers 404 NOT_FOUND for an unknown host or booking type", async () => {
    const host = await seedHost();
    const monday = upcoming(1);
    const unknownHost = await get(`/api/availability?username=nobody-${crypto.randomUUID()}&slug=2&startDate=${monday}&endDate=${monday}`);
    expect(await errorOf(unknownHost)).toMatchObject({ status: 404, code: "NOT_FOUND" });
    const unknownType = await get(`/api/availability?username=${host.username}&slug=bt-00000000&startDate=${monday}&endDate=${monday}`);
    expect(await errorOf(unknownType)).toMatchObject({ status: 404, code: "NOT_FOUND" });
  });

  it("hides a private booking type from the public but shows it to its host's token", async () => {
    const host = await seedHost({ types: [{ isPublic: false }] });
    const monday = upcoming(1);
    const path = `/api/availability?username=${host.username}&slug=${host.types[0]!.id}&startDate=${monday}&endDate=${monday}`;
    expect(await errorOf(await get(path))).toMatchObject({ status: 404, code: "NOT_FOUND" });
    expect((await get(path, host.token)).status).toBe(200);
  });

  it("answers NOT_FOUND to a token asking about another host's type, and 401 to an unknown token", async () => {
    const host = await seedHost();
    const other = await seedHost();
    const monday = upcoming(1);
    const path = `/api/availability?username=${host.username}&slug=${host.types[0]!.id}&startDate=${monday}&endDate=${monday}`;
    expect(await errorOf(await get(path, other.token))).toMatchObject({ status: 404, code: "NOT_FOUND" });
    expect(await errorOf(await get(path, "bk_live_not_a_real_token"))).toMatchObject({ status: 401, code: "UNAUTHORIZED" });
  });
});
