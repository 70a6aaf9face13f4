/** The demo host's 30-minute intro call as `GET /api/booking-types` answers it: the widget tests' booking type. */
import type { BookingTypeDetails } from "../../worker/domain/contract";

export const INTRO_CALL: BookingTypeDetails = {
  id: "2",
  stringId: "bt-1a2b3c4d",
  title: "Intro call",
  duration: 30,
  durations: [30, 60],
  host: { username: "hepuloujun", name: "Jun Hepulou", timeZone: "Europe/London" },
  questions: [],
};
