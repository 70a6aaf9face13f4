/** The status line while a call of the manage page waits to be tried again (in the steps' chunk, with the retry policy). */
import type { RetryHooks } from "../retry-policy";
import { retryText } from "../retry-text";
import type { ManageState } from "./manage-state";

export function retryStatus(page: Pick<ManageState, "settings" | "status">): RetryHooks {
  return {
    onRetry(failure, delayMs) {
      // Before the strings are in (a retry of the first load), the skeleton says it is busy.
      const t = page.settings.strings.peek();
      if (t) page.status.value = retryText(t, failure, delayMs, page.settings.locale.peek());
    },
  };
}
