/**
 * The Worker the browser specs run against: up, seeded with the demo host, answering what the
 * widget asks. If this file fails, every other spec's failure is about the server, not the widget.
 */
import { availableSlots, hostDaySlots } from "./support/api";
import { lookOnlyWeekday } from "./support/days";
import { HOST } from "./support/origins";
import { expect, test } from "./support/test";

test("the Worker answers its health check", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ ok: true });
});

test("the demo host offers sixteen half-hour intro calls on a working day, 09:00 to 17:00 London time", async () => {
  const slots = await hostDaySlots(lookOnlyWeekday(0));
  expect(slots).toHaveLength(16);
  const london = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: HOST.zone });
  expect(london.format(new Date(slots[0]!.start))).toBe("09:00");
  expect(london.format(new Date(slots.at(-1)!.end))).toBe("17:00");
});

test("the 60-minute consultation is found by its string id", async () => {
  const slots = await availableSlots({ from: lookOnlyWeekday(0), zone: HOST.zone, slug: HOST.consultationType });
  expect(slots).toHaveLength(8);
  expect(Date.parse(slots[0]!.end) - Date.parse(slots[0]!.start)).toBe(60 * 60_000);
});

test("the demo account's token reaches both demo hosts; each host's own token only its host", async ({ request }) => {
  const day = lookOnlyWeekday(0);
  const availability = (username: string, slug: string, token: string) =>
    request.get(`/api/availability?username=${username}&slug=${slug}&startDate=${day}&endDate=${day}`, { headers: { authorization: `Bearer ${token}` } });
  expect((await availability("hepuloujun", "2", "bk_test_demo")).status()).toBe(200);
  expect((await availability("marta", "bt-5ca1ab1e", "bk_test_demo")).status()).toBe(200);
  expect((await availability("hepuloujun", "2", "bk_test_hepuloujun")).status()).toBe(200);
  expect((await availability("marta", "bt-5ca1ab1e", "bk_test_hepuloujun")).status()).toBe(404);
  expect((await availability("hepuloujun", "2", "bk_test_marta")).status()).toBe(404);
});
