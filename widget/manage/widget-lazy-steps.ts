/**
 * /manage.js's stand-in for ../lazy-steps.ts, which vite.config.ts puts in that module's place in the
 * manage build. The widget's modules the manage page shares take the retry policy from "the later
 * steps' chunk" after a first failure (the settings model's read of the booking type, through
 * ../retry-after-failure.ts): here they get the manage page's own steps' chunk, which has that policy,
 * instead of the widget's later steps (the form, the confirmation), which the manage page never
 * shows and which would count 3.2 KB gzip against its total. Typed as what that module reads of the
 * chunk; a widget module in /manage.js importing anything else of lazy-steps.ts fails the build.
 */
import type { loadBookingSteps as loadWidgetSteps } from "../lazy-steps";
import { loadManageSteps } from "./steps-loader";

export const loadBookingSteps: () => Promise<Pick<Awaited<ReturnType<typeof loadWidgetSteps>>, "withRetries">> = loadManageSteps;
