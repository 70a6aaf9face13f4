/**
 * The hosted page's first load: the block inside <bookora-widget> holds exactly what the Booking
 * API answers the widget's first two requests (type, and availability over the block's month), for
 * the host's zone or the zone the request says it comes from; no title can break out of it; and a
 * host's object that fails or hangs leaves a working page without it.
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { addDays, firstDayOf, lastDayOf, monthOf } from "../domain/calendar-days";
import { firstInstantAtOrAfter, localDateOf } from "../domain/zoned-time";
import type { HostScheduler } from "../host-scheduler/host-scheduler";
import { INTL_WARMUP_HASH } from "../http/html-pages";
import { bookingBody, call, everyDay, post, type SeededHost, seedHost, upcoming } from "../test/fixtures";
import { faultyD1, schedulerOf, setClock } from "../test/scheduler-control";

interface FirstLoad {
  username: string;
  bookingType: string;
  type: unknown;
  range: { from: string; to: string };
  availability: { slots: { start: string; end: string }[] };
}

/** The page's inline warm-up (html-pages.ts) and the widget's module, in the head. */
const INTL_WARMUP = { type: null, src: null, inWidget: false };
const WIDGET_MODULE = { type: "module", src: "/widget.js", inWidget: false };

/** The page as a browser's parser sees it: its <script> elements, and the text of the block inside the widget. */
async function parsePage(response: Response) {
  const scripts: { type: string | null; src: string | null; inWidget: boolean }[] = [];
  let inWidget = false;
  let blockText: string | null = null;
  await new HTMLRewriter()
    .on("bookora-widget", {
      element(element) {
        inWidget = true;
        element.onEndTag(() => {
          inWidget = false;
        });
      },
    })
    .on("script", {
      element(element) {
        scripts.push({ type: element.getAttribute("type"), src: element.getAttribute("src"), inWidget });
        if (inWidget && element.getAttribute("class") === "bookora-first-load") blockText = "";
      },
      text(chunk) {
        if (blockText !== null && inWidget) blockText += chunk.text;
      },
    })
    .transform(response)
    .text();
  return { scripts, block: blockText === null ? null : (JSON.parse(blockText) as FirstLoad) };
}

async function pageOf(host: SeededHost, ref: string, timezone?: string) {
  const response = await call(`/book/${host.username}/${ref}`, timezone ? ({ cf: { timezone } } as RequestInit) : {});
  expect(response.status).toBe(200);
  return { response, ...(await parsePage(response)) };
}

async function apiJson(path: string): Promise<unknown> {
  const response = await call(path);
  expect(response.status, path).toBe(200);
  return response.json();
}

/** The calendar days the block covers in `zone`: its current month and a day either side. */
function paddedMonth(zone: string) {
  const month = monthOf(localDateOf(zone, Date.now()));
  return { startDate: addDays(firstDayOf(month), -1), endDate: addDays(lastDayOf(month), 1) };
}

async function expectBlockEqualsApi(host: SeededHost, ref: string, block: FirstLoad | null, zone: string) {
  expect(block, "the page holds its first load").not.toBeNull();
  const { startDate, endDate } = paddedMonth(zone);
  expect(block!.username).toBe(host.username);
  expect(block!.bookingType).toBe(ref);
  expect(block!.type).toEqual(await apiJson(`/api/booking-types?${new URLSearchParams({ username: host.username, slug: ref })}`));
  const query = new URLSearchParams({ username: host.username, slug: ref, startDate, endDate, timezone: zone });
  const answer = (await apiJson(`/api/availability?${query}`)) as FirstLoad["availability"];
  expect(answer.slots.length, "the month has free times to compare").toBeGreaterThan(10);
  expect(block!.availability).toEqual(answer);
  expect(Date.parse(block!.range.from)).toBe(firstInstantAtOrAfter(zone, startDate, 0));
  expect(Date.parse(block!.range.to)).toBe(firstInstantAtOrAfter(zone, addDays(endDate, 1), 0));
}

/**
 * A host with a booking in its first month's way, so the slots are not just its hours. Its hours
 * cover every day: on a month's last evening the block's free times are its day of padding's alone,
 * which weekday hours would leave empty when that day is a Saturday.
 */
async function bookedHost(timeZone: string) {
  const host = await seedHost({
    timeZone,
    weekly: everyDay(0, 23 * 60),
    types: [{ title: "Intro call", durationMinutes: 30, durationOptions: [30, 60], bufferAfterMinutes: 15 }],
  });
  const day = upcoming(3, timeZone, 1);
  const start = new Date(firstInstantAtOrAfter(timeZone, day, 10 * 60)).toISOString().replace(".000Z", "Z");
  const end = new Date(Date.parse(start) + 30 * 60_000).toISOString().replace(".000Z", "Z");
  expect((await post("/api/bookings", bookingBody(host, { start, end }))).status).toBe(201);
  // The page and the API are asked a moment apart: a stopped clock keeps a half hour from starting in between.
  await setClock(host, Date.now());
  return host;
}

describe("the hosted page's first load", () => {
  it("holds the API's own answers for the type and the host zone's month, padded by a day, when the request names no zone", async () => {
    const host = await bookedHost("Asia/Tokyo");
    const type = host.types[0]!;
    for (const ref of [String(type.id), type.publicId]) {
      const { block, response } = await pageOf(host, ref);
      await expectBlockEqualsApi(host, ref, block, "Asia/Tokyo");
      expect(response.headers.get("cache-control"), "live slots are never stored").toBe("no-store");
    }
  });

  it("is computed for the zone Cloudflare says the visitor is in, and for the host's when that zone is not a real one", async () => {
    const host = await bookedHost("Europe/London");
    const ref = String(host.types[0]!.id);
    await expectBlockEqualsApi(host, ref, (await pageOf(host, ref, "Pacific/Auckland")).block, "Pacific/Auckland");
    await expectBlockEqualsApi(host, ref, (await pageOf(host, ref, "America/Los_Angeles")).block, "America/Los_Angeles");
    for (const bogus of ["Mars/Olympus_Mons", "+01:00", ""]) {
      await expectBlockEqualsApi(host, ref, (await pageOf(host, ref, bogus)).block, "Europe/London");
    }
  });

  it("keeps a hostile title inside the block: the page's parser finds no script but the widget's module and the block", async () => {
    const title = '</script><script>alert(1)</script><!-- & \u2028\u2029 "quoted" \\ <script src=//evil.test/x.js>';
    const host = await seedHost({ types: [{ title }] });
    const ref = String(host.types[0]!.id);
    const { scripts, block, response } = await pageOf(host, ref);
    expect(scripts).toEqual([INTL_WARMUP, WIDGET_MODULE, { type: "application/json", src: null, inWidget: true }]);
    expect((block!.type as { title: string }).title, "JSON.parse gives the title back unchanged").toBe(title);
    expect(response.headers.get("content-security-policy")).toContain(`script-src 'self' '${INTL_WARMUP_HASH}';`);
  });

  it("preloads the widget's module", async () => {
    const host = await seedHost();
    const page = await (await call(`/book/${host.username}/${host.types[0]!.id}`)).text();
    expect(page).toContain('<link rel="modulepreload" href="/widget.js" />');
  });

  it("is left out, with the page still served, when the host's object cannot read D1", async () => {
    const host = await seedHost();
    await runInDurableObject(schedulerOf(host), (scheduler: HostScheduler) => {
      scheduler.d1 = faultyD1({
        batch: () => Promise.reject(new Error("D1_ERROR: storage unavailable")),
        query: () => {
          throw new Error("D1_ERROR: storage unavailable");
        },
      });
    });
    const { block, scripts } = await pageOf(host, String(host.types[0]!.id));
    expect(block).toBeNull();
    expect(scripts).toEqual([INTL_WARMUP, WIDGET_MODULE]);
  });

  it("is left out, with the whole page served, when its days cannot even be worked out (a host row with a zone Intl does not know)", async () => {
    const host = await seedHost({ timeZone: "Nowhere/Atlantis" });
    const { block, scripts, response } = await pageOf(host, String(host.types[0]!.id));
    expect(block).toBeNull();
    expect(scripts).toEqual([INTL_WARMUP, WIDGET_MODULE]);
    expect(response.status).toBe(200);
  });

  // Without the bound the page never ends, and the test times out.
  it("is left out, and the page still ends, when the host's object does not answer", async () => {
    const host = await seedHost();
    const hanging = {
      idFromName: (name: string) => env.HOST_SCHEDULER.idFromName(name),
      get: () => ({ availability: () => new Promise(() => {}) }),
    } as unknown as Env["HOST_SCHEDULER"];
    const response = await call(`/book/${host.username}/${host.types[0]!.id}`, { bindings: { HOST_SCHEDULER: hanging } });
    expect(response.status).toBe(200);
    const { block } = await parsePage(response);
    expect(block).toBeNull();
  });

  it("sends the page up to the widget while the host's object is still answering, and the block after it", async () => {
    const host = await seedHost();
    let answer: (slots: string) => void = () => {};
    const answering = {
      idFromName: (name: string) => env.HOST_SCHEDULER.idFromName(name),
      get: () => ({
        availability: () =>
          new Promise((resolve) => {
            answer = (slots) => resolve({ ok: true, value: slots });
          }),
      }),
    } as unknown as Env["HOST_SCHEDULER"];
    const response = await call(`/book/${host.username}/${host.types[0]!.id}`, { bindings: { HOST_SCHEDULER: answering } });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    const first = decoder.decode((await reader.read()).value);
    expect(first, "the head, with the module to preload, is out before the object answers").toContain('<link rel="modulepreload" href="/widget.js" />');
    expect(first).toContain("<bookora-widget");
    expect(first).not.toContain("bookora-first-load");
    answer('{"slots":[{"start":"2030-01-07T09:00:00Z","end":"2030-01-07T09:30:00Z"}]}');
    let rest = "";
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += decoder.decode(chunk.value, { stream: true });
    const { block } = await parsePage(new Response(first + rest));
    expect(block?.availability).toEqual({ slots: [{ start: "2030-01-07T09:00:00Z", end: "2030-01-07T09:30:00Z" }] });
    expect(rest).toContain("</noscript>");
  });
});
