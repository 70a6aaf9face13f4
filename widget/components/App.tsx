/** The widget's root: a header, then the step the visitor is on, and the live regions. */

import { direction } from "../../worker/locales/languages";
import { bookingSteps } from "../lazy-steps";
import type { BookingModel } from "../model";
import { tracked } from "../tracked";
import { Header } from "./Header";
import { LiveRegions } from "./LiveRegions";
import { SetupFailure } from "./SetupFailure";
import { SlotPicker } from "./SlotPicker";

export const App = tracked(function App({ model }: { model: BookingModel }) {
  const setup = model.setup.value;
  // A failed setup's screen stays while Try again runs, so the button the visitor pressed keeps the focus.
  const setupFailed = setup.state === "failed" || (setup.state === "loading" && setup.isRetry);
  const step = model.step.value;
  // Until the later steps' code is in, the times stay, and the picked time keeps the focus.
  const steps = bookingSteps.value;
  const language = model.language.value;
  // Until the visitor's language is in, the header's skeleton alone: never another language's text.
  const t = model.strings.value;
  return (
    <div class="widget" lang={language} dir={direction(language)}>
      <Header model={model} />
      {!t || setupFailed ? null : step === "done" && steps ? (
        <steps.Confirmation model={model} />
      ) : step === "details" && steps ? (
        <steps.BookingForm model={model} />
      ) : (
        <SlotPicker model={model} />
      )}
      <LiveRegions alert={model.alert} status={model.status} />
      {setupFailed && t && <SetupFailure model={model} />}
    </div>
  );
});
