/**
 * The widget's root, in the visitor's language and its direction: a header, then the step the
 * visitor is on, and the live regions; when the booking type's details failed, Try again (the alert
 * says what failed), unless asking again cannot help (no such booking page, or the element lacks
 * its attributes).
 */
import { direction } from "../../worker/locales/languages";
import { bookingSteps } from "../lazy-steps";
import type { BookingModel } from "../model";
import { tracked } from "../tracked";
import { Header } from "./Header";
import { LiveRegions } from "./LiveRegions";
import { SlotPicker } from "./SlotPicker";

export const App = tracked(function App({ model }: { model: BookingModel }) {
  const setup = model.setup.value;
  // A failed setup's screen stays while Try again runs, so the button the visitor pressed keeps the focus.
  const setupFailed = setup.state === "failed" || (setup.state === "loading" && setup.isRetry);
  const step = model.step.value;
  // Until the later steps' code is in, the times stay, and the picked time keeps the focus.
  const steps = bookingSteps.value;
  const language = model.language.value;
  // Until the visitor's language is in (the locale attribute changed), a placeholder: never another language's text.
  const t = model.strings.value;
  return (
    <div class="widget" part="container" lang={language} dir={direction(language)}>
      <Header model={model} />
      {!t ? (
        <span class="skeleton skeleton-widget" aria-hidden="true" />
      ) : setupFailed ? null : step === "done" && steps ? (
        <steps.Confirmation model={model} />
      ) : step === "details" && steps ? (
        <steps.DetailsStep model={model} />
      ) : (
        <SlotPicker model={model} steps={steps} />
      )}
      <LiveRegions alert={model.alert} status={model.status} />
      {setupFailed && t && (setup.state === "loading" || setup.canRetry) && (
        <div class="actions">
          {/* aria-disabled, not disabled, while the retry runs: a disabled button would drop the focus onto the page. */}
          <button type="button" class="secondary" aria-disabled={setup.state === "loading" ? "true" : undefined} onClick={model.retrySetup}>
            {t.tryAgain}
          </button>
        </div>
      )}
    </div>
  );
});
