/** The status line while a call waits to be tried again: why, and in how many seconds (the later steps' and the manage page's). */
import { plural } from "../worker/locales/format";
import type { WidgetMessages } from "../worker/locales/messages";
import type { ApiFailure } from "./api";

export function retryText(t: WidgetMessages, failure: ApiFailure, delayMs: number, locale: string): string {
  return plural(failure.code === "NETWORK" ? t.connectionRetry : t.busyRetry, Math.ceil(delayMs / 1000), locale);
}
