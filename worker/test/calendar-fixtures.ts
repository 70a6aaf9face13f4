/**
 * Calendar fixtures: the fake Google and fake Microsoft answering every request the Worker and the
 * host's Durable Object send to their URLs (a spy on fetch, as vitest.config.ts points the providers
 * at https://google.fake and https://microsoft.fake), and a host connecting one through the real
 * OAuth flow: the API's authorization URL (our connect page) and its Continue, the fake's consent,
 * our callback with the cookie Continue set.
 */
import { runInDurableObject } from "cloudflare:test";
import { afterEach, expect, vi } from "vitest";
import { FakeGoogle } from "../../fakes/calendars/fake-google";
import { FakeMicrosoft } from "../../fakes/calendars/fake-microsoft";
import type { FakeProvider } from "../../fakes/calendars/fake-provider";
import type { ProviderName } from "../calendars/provider";
import type { HostScheduler } from "../host-scheduler/host-scheduler";
import { call, get, post, type SeededHost } from "./fixtures";
import { schedulerOf } from "./scheduler-control";

export interface FakeCalendars {
  google: FakeGoogle;
  microsoft: FakeMicrosoft;
}

/** Fresh fakes for this test, answering the providers' URLs until the test ends. */
export function fakeCalendars(): FakeCalendars {
  const fakes = { google: new FakeGoogle({ autoApprove: true }), microsoft: new FakeMicrosoft({ autoApprove: true }) };
  const realFetch = globalThis.fetch;
  vi.spyOn(globalThis, "fetch").mockImplementation((input, init) => {
    const request = new Request(input, init);
    const host = new URL(request.url).host;
    if (host === "google.fake") return fakes.google.fetch(request);
    if (host === "microsoft.fake") return fakes.microsoft.fetch(request);
    return realFetch(request);
  });
  return fakes;
}

afterEach(() => {
  vi.restoreAllMocks();
});

/**
 * Presses Continue on the connect page `authorizationUrl` opens, as a browser on that page would
 * (its form's POST, with our Origin); answers the provider's consent URL it redirects to and the
 * cookie it sets, as a Cookie header.
 */
export async function pressContinue(authorizationUrl: string): Promise<{ consentUrl: string; cookie: string }> {
  const url = new URL(authorizationUrl);
  const pressed = await call("/oauth/connect", {
    method: "POST",
    headers: { origin: url.origin, "sec-fetch-site": "same-origin", "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ state: url.searchParams.get("state") ?? "" }).toString(),
  });
  expect(pressed.status, await pressed.clone().text()).toBe(303);
  const cookie = pressed.headers
    .getSetCookie()
    .map((line) => line.split(";")[0])
    .join("; ");
  return { consentUrl: pressed.headers.get("location") ?? "", cookie };
}

/** Connects `provider` for the host as the host would in a browser; answers the connection's id. */
export async function connectCalendar(host: SeededHost, provider: ProviderName, fake: FakeProvider): Promise<string> {
  const started = await post(`/api/hosts/${host.username}/calendar-connections`, { provider }, { token: host.token });
  expect(started.status).toBe(201);
  const { id, authorizationUrl } = (await started.json()) as { id: string; authorizationUrl: string };
  const { consentUrl, cookie } = await pressContinue(authorizationUrl);
  const consent = await fake.fetch(new Request(consentUrl));
  const back = new URL(consent.headers.get("location") ?? "");
  const callback = await call(`${back.pathname}${back.search}`, { headers: { cookie } });
  expect(callback.status, (await callback.clone().text()).replace(/\s+/g, " ").slice(300, 900)).toBe(200);
  return id;
}

export interface ConnectionView {
  id: string;
  provider: ProviderName;
  accountEmail: string | null;
  status: string;
  lastError: string | null;
  calendars: { id: string; name: string; primary: boolean; checkForConflicts: boolean; receivesEvents: boolean }[];
}

export async function connectionsOf(host: SeededHost): Promise<ConnectionView[]> {
  const response = await get(`/api/hosts/${host.username}/calendar-connections`, host.token);
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: ConnectionView[] }).data;
}

/**
 * Runs the host's object's alarm now (its due calendar event work), as the runtime would when it
 * fires. Tests move the object's clock ahead of real time first (setClock), so the runtime's own
 * firing of the alarm, set at the object's "now", never races the test.
 */
export async function runEventWork(host: SeededHost): Promise<void> {
  await runInDurableObject(schedulerOf(host), (scheduler: HostScheduler) => scheduler.alarm());
}
