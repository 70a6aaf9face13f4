/**
 * What a visitor reads about a failed call, in their language. The API's own `message` is English
 * and written for developers (it stays in `bookora:error`'s detail); the visitor gets one sentence
 * per kind of failure. What only a booking's refusal needs is booking-submission.ts's.
 */
import type { WidgetMessages } from "../worker/locales/messages";
import type { ApiFailure } from "./api";

export function failureText(t: WidgetMessages, { code }: ApiFailure): string {
  return code === "NETWORK" ? t.networkError : code === "RATE_LIMITED" ? t.busy : t.serviceError;
}
