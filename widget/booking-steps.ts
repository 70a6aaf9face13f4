/**
 * The lazy chunk (lazy-steps.ts): the steps after a time is picked, with their styles and the code
 * that sends the booking. Nothing here is needed to show the first free slot.
 */
import { enSteps } from "../worker/locales/en/steps";
import { addEnglishSteps } from "./locale-tables";

export { BookingForm } from "./components/BookingForm";
export { Confirmation } from "./components/Confirmation";
export { default as css } from "./steps.css?inline";

// English's strings for these steps; other languages' chunks hold all of theirs.
addEnglishSteps(enSteps);
