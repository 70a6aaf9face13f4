/**
 * The manage page's root: the booking as its link finds it, the step the attendee is on, and the
 * live regions. Until the visitor's language is in, a skeleton: never another language's text.
 */
import { direction } from "../../../worker/locales/languages";
import { LiveRegions } from "../../components/LiveRegions";
import { failureText } from "../../failure-text";
import { tracked } from "../../tracked";
import type { ManageModel } from "../manage-model";
import { BookingGone } from "./BookingGone";
import { BookingSummary } from "./BookingSummary";
import { InvalidLink } from "./InvalidLink";

export const ManageApp = tracked(function ManageApp({ model }: { model: ManageModel }) {
  return (
    <div class="widget manage" lang={model.language.value} dir={direction(model.language.value)}>
      <Content model={model} />
      <LiveRegions alert={model.alert} status={model.status} />
    </div>
  );
});

const Content = tracked(function Content({ model }: { model: ManageModel }) {
  const loaded = model.loaded.value;
  const t = model.strings.value;
  if (!t) {
    return (
      <p class="hint" aria-busy="true">
        <span class="skeleton skeleton-line" />
      </p>
    );
  }
  switch (loaded.state) {
    case "loading":
      return (
        <p class="hint" aria-busy="true">
          {t.loadingBooking}
        </p>
      );
    case "invalid":
      return <InvalidLink t={t} />;
    case "failed":
      return (
        <p class="hint">
          {failureText(t, loaded.failure)}{" "}
          <button type="button" class="secondary" onClick={model.retry}>
            {t.tryAgain}
          </button>
        </p>
      );
    case "ready": {
      if (loaded.booking.status !== "confirmed") return <BookingGone model={model} booking={loaded.booking} t={t} />;
      const step = model.step.value;
      // The steps after a press come with their chunk, which the model has before it goes to them.
      const steps = model.steps.value;
      return (
        <>
          <BookingSummary model={model} booking={loaded.booking} t={t} />
          {step === "cancel" && steps && <steps.CancelStep model={model} steps={steps} t={t} />}
          {step === "pick" && steps && <steps.PickStep model={model} steps={steps} t={t} />}
          {step === "move" && steps && <steps.MoveStep model={model} steps={steps} t={t} />}
        </>
      );
    }
  }
});
