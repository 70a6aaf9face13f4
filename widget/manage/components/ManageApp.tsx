/** The manage page's root: the booking as its link finds it, the step the attendee is on, and the live regions. */
import { direction } from "../../../worker/locales/languages";
import { LiveRegions } from "../../components/LiveRegions";
import { failureText } from "../../failure-text";
import type { ManageModel } from "../manage-model";
import { BookingGone } from "./BookingGone";
import { BookingSummary } from "./BookingSummary";
import { CancelStep } from "./CancelStep";
import { InvalidLink } from "./InvalidLink";
import { MoveStep } from "./MoveStep";
import { PickStep } from "./PickStep";

export function ManageApp({ model }: { model: ManageModel }) {
  return (
    <div class="widget manage" lang={model.language.value} dir={direction(model.language.value)}>
      <Content model={model} />
      <LiveRegions alert={model.alert} status={model.status} />
    </div>
  );
}

function Content({ model }: { model: ManageModel }) {
  const loaded = model.loaded.value;
  const t = model.strings.value;
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
      if (loaded.booking.status !== "confirmed") return <BookingGone model={model} booking={loaded.booking} />;
      const step = model.step.value;
      return (
        <>
          <BookingSummary model={model} booking={loaded.booking} />
          {step === "cancel" && <CancelStep model={model} />}
          {step === "pick" && <PickStep model={model} />}
          {step === "move" && <MoveStep model={model} />}
        </>
      );
    }
  }
}
