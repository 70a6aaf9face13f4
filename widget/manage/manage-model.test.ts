/**
 * The manage page's two parts: its strings in the visitor's language arrive as a chunk (null, the
 * skeleton, until then), and Cancel or Reschedule open their step only once the steps' code is in,
 * the booking staying on screen meanwhile, the last press winning, a failed fetch said in the alert.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { BookingResponse } from "../../worker/domain/contract";
import { deManage } from "../../worker/locales/de/manage";
import { frManage } from "../../worker/locales/fr/manage";
import { INTRO_CALL } from "../test/booking-type";
import { manageApi } from "./manage-api";
import { createManageModel } from "./manage-model";
import type { ManageSteps, ManageStepsCode } from "./manage-state";
import { manageStrings } from "./manage-strings";

const BOOKING: BookingResponse = {
  id: "0b8f3c7e-2a51-4d0e-9d51-7c1a9e4f3b20",
  userId: "hepuloujun",
  startUtc: "2026-12-14T10:00:00Z",
  endUtc: "2026-12-14T10:30:00Z",
  status: "confirmed",
  attendee: { email: "johanna@example.com", name: "Johanna Schmidt", timeZone: null, locale: null },
  metadata: {},
  answers: {},
  bookingType: { id: INTRO_CALL.id, stringId: INTRO_CALL.stringId, title: INTRO_CALL.title },
  notes: null,
  rescheduledFromId: null,
  rescheduledToId: null,
  createdAt: "2026-12-06T12:00:00Z",
  cancelledAt: null,
  calendarEvent: null,
};

function fakeApi() {
  const fetcher = async (input: RequestInfo | URL) => {
    const path = new URL(String(input)).pathname;
    if (path === `/api/bookings/${BOOKING.id}`) return Response.json(BOOKING);
    if (path.startsWith("/api/booking-types/")) return Response.json(INTRO_CALL);
    return Response.json({ error: { code: "NOT_FOUND", message: "Not found." } }, { status: 404 });
  };
  return manageApi("https://bookora.test", fetcher as typeof fetch);
}

/** The steps' code as a test controls it: each fetch waits until the test answers it. */
function stepsFetches() {
  const started = vi.fn();
  const steps = { calendar: { start: started } } as unknown as ManageSteps;
  const code = { createManageSteps: () => steps } as unknown as ManageStepsCode;
  const pending: { resolve: (code: ManageStepsCode) => void; reject: (error: Error) => void }[] = [];
  const load = () => new Promise<ManageStepsCode>((resolve, reject) => pending.push({ resolve, reject }));
  return { load, pending, code, calendarStarted: started };
}

async function readyModel(load: () => Promise<ManageStepsCode>) {
  const model = createManageModel(fakeApi(), { origin: "https://bookora.test", bookingId: BOOKING.id, token: "bkm_test" }, vi.fn(), load);
  model.start();
  await vi.waitFor(() => expect(model.loaded.value.state).toBe("ready"));
  await vi.waitFor(() => expect(model.strings.value).not.toBeNull());
  return model;
}

beforeEach(() => {
  vi.stubGlobal("navigator", { language: "de-DE", languages: ["de-DE", "de"] });
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("the manage page's strings", () => {
  it("are null (the skeleton) until the language's chunk is in, then that language's; English's are in at once", async () => {
    const french = manageStrings("fr");
    expect(french.value, "French's chunk is still on its way").toBeNull();
    await vi.waitFor(() => expect(french.value?.cancelBooking).toBe(frManage.cancelBooking));
    expect(manageStrings("en").value?.cancelBooking).toBe("Cancel booking");
  });
});

describe("Cancel and Reschedule before the steps' code is in", () => {
  it("keep the booking on screen until it arrives, then open the step pressed last", async () => {
    const steps = stepsFetches();
    const model = await readyModel(steps.load);
    model.startReschedule();
    model.askCancel();
    expect(model.step.value, "nothing to show the steps with yet").toBe("view");
    for (const fetch of steps.pending) fetch.resolve(steps.code);
    await vi.waitFor(() => expect(model.step.value).toBe("cancel"));
    expect(steps.calendarStarted, "Reschedule's calendar never asked for times").not.toHaveBeenCalled();
    expect(model.steps.value).not.toBeNull();
  });

  it("say in the visitor's language when the code cannot be fetched, and a second press asks again", async () => {
    const steps = stepsFetches();
    const model = await readyModel(steps.load);
    model.startReschedule();
    steps.pending[0]!.reject(new Error("offline"));
    await vi.waitFor(() => expect(model.alert.value).not.toBe(""));
    expect(model.alert.value).toBe(model.strings.value!.networkError);
    expect(model.step.value).toBe("view");

    model.startReschedule();
    expect(model.alert.value, "the alert goes as the visitor asks again").toBe("");
    steps.pending[1]!.resolve(steps.code);
    await vi.waitFor(() => expect(model.step.value).toBe("pick"));
    expect(steps.calendarStarted).toHaveBeenCalledOnce();
    expect(model.strings.value!.reschedule).toBe(deManage.reschedule);
  });
});
