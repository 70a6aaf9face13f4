/**
 * Free/busy requests to the fake Google, watched and held by a test: what the host's object asked
 * for, and a provider that answers only when the test says so (well within the 3-second timeout).
 * Call after fakeCalendars(), whose spy on fetch these wrap.
 */
import { vi } from "vitest";
import { until } from "./scheduler-control";

export interface FreeBusyRequest {
  timeMin: string;
  timeMax: string;
  calendarIds: string[];
}

/** Every free/busy request the fake Google receives from now on, as sent. */
export function recordFreeBusy(): FreeBusyRequest[] {
  const seen: FreeBusyRequest[] = [];
  wrapFreeBusy(async (request) => {
    const body = (await request.clone().json()) as { timeMin: string; timeMax: string; items: { id: string }[] };
    seen.push({ timeMin: body.timeMin, timeMax: body.timeMax, calendarIds: body.items.map((item) => item.id) });
  });
  return seen;
}

/**
 * Holds every free/busy request until `release`; `reached` resolves when the first one arrives.
 * Both sides poll a flag rather than await a promise the other side resolves: a promise resolved
 * from another I/O context (the test's, the host object's) would carry the waiting code into it,
 * and workerd refuses I/O across Durable Object contexts.
 */
export function holdFreeBusy(): { reached: Promise<void>; release: () => void } {
  let isReached = false;
  let isReleased = false;
  wrapFreeBusy(async () => {
    isReached = true;
    await until(() => isReleased, "the test releases the free/busy read");
  });
  return {
    reached: until(() => isReached, "a free/busy read reaches the provider"),
    release: () => {
      isReleased = true;
    },
  };
}

function wrapFreeBusy(before: (request: Request) => Promise<void>): void {
  const fetchSpy = vi.mocked(globalThis.fetch);
  const answer = fetchSpy.getMockImplementation();
  if (!answer) throw new Error("call fakeCalendars() first");
  fetchSpy.mockImplementation(async (input, init) => {
    const request = new Request(input, init);
    if (new URL(request.url).pathname.endsWith("/freeBusy")) await before(request);
    return answer(request);
  });
}
