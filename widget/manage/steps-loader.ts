/**
 * The steps' chunk (manage-steps.ts) is outside what the manage page needs to show the booking and
 * its buttons. It is fetched once the page has rendered and the browser is idle, or at once when
 * Cancel or Reschedule is pressed first; a fetch that failed is tried again on the next press.
 */
import { lazyModule } from "../lazy-module";
import type { ManageStepsCode } from "./manage-state";

/**
 * The chunk's code once it is in (`manageStepsCode`: Add to calendar shows from it; null before), a
 * fetch of it now (`loadManageSteps`), and one after the first render, when the browser has nothing
 * else to do (`loadManageStepsWhenIdle`).
 */
export const [manageStepsCode, loadManageSteps, loadManageStepsWhenIdle] = lazyModule<ManageStepsCode>(() => import("./manage-steps"));
