/**
 * The manage page asks for its booking as its element is upgraded, before the model exists, and
 * the model's first load uses that answer instead of asking again.
 */
import { describe, expect, it, vi } from "vitest";
import { withFirstBookingRequest } from "./first-request";
import { manageApi } from "./manage-api";
import { createManageModel } from "./manage-model";
import { loadManageSteps } from "./steps-loader";

const BOOKING_ID = "0b8f3c7e-2a51-4d0e-9d51-7c1a9e4f3b20";
const TOKEN = "bkm_Qk3v7cNjsKKGQ8CpT-5xGJpPZlTg1a-I2ZG1h-5sFI0";

function recordingFetch() {
  const asked: string[] = [];
  const fetcher = (input: RequestInfo | URL) => {
    asked.push(new URL(String(input)).pathname);
    return Promise.resolve(Response.json({ error: { code: "BOOKING_NOT_FOUND", message: "No such booking." } }, { status: 404 }));
  };
  return { asked, fetcher: fetcher as typeof fetch };
}

describe("the manage page's first request", () => {
  it("asks for the booking before the model is built, and the model's first load asks nothing more", async () => {
    const { asked, fetcher } = recordingFetch();
    const api = withFirstBookingRequest(manageApi("https://bookora.test", fetcher), BOOKING_ID, TOKEN);
    expect(asked, "before the model exists").toEqual([`/api/bookings/${BOOKING_ID}`]);
    const model = createManageModel(api, { origin: "https://bookora.test", bookingId: BOOKING_ID, token: TOKEN }, vi.fn(), loadManageSteps);
    model.start();
    await vi.waitFor(() => expect(model.loaded.value.state).toBe("invalid"));
    expect(asked).toEqual([`/api/bookings/${BOOKING_ID}`]);
    model.retry();
    await vi.waitFor(() => expect(asked).toHaveLength(2));
  });

  it("asks nothing without a token: the page says the link does not work", () => {
    const { asked, fetcher } = recordingFetch();
    withFirstBookingRequest(manageApi("https://bookora.test", fetcher), BOOKING_ID, null);
    expect(asked).toEqual([]);
  });
});
