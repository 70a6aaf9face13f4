/** The widget's root: a header, then the step the visitor is on, and the live regions. */
import type { BookingModel } from "../model";
import { BookingForm } from "./BookingForm";
import { Confirmation } from "./Confirmation";
import { Header } from "./Header";
import { SlotPicker } from "./SlotPicker";

export function App({ model }: { model: BookingModel }) {
  const failure = model.setupFailure.value;
  const step = model.step.value;
  return (
    <div class="widget">
      <Header model={model} />
      {failure ? (
        <p class="notice">{failure.code === "NOT_FOUND" ? "This booking page is not available." : failure.message}</p>
      ) : step === "done" ? (
        <Confirmation model={model} />
      ) : step === "details" ? (
        <BookingForm model={model} />
      ) : (
        <SlotPicker model={model} />
      )}
      {/* Always in the tree, so screen readers announce changes to their text. */}
      <p role="alert" class={model.alert.value ? "alert" : "visually-hidden"}>
        {model.alert}
      </p>
      <p role="status" class={model.status.value ? "status" : "visually-hidden"}>
        {model.status}
      </p>
    </div>
  );
}
