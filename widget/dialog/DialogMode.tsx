/**
 * What a popup or floating <bookora-widget> shows: its button (`button-text`, else the localized
 * "Book a meeting"; fixed to a corner of the viewport with `mode="floating"`, `position` choosing
 * which) and the modal <dialog> holding the close button and, once made, the calendar. The
 * button's text waits for the visitor's language like the rest of the widget (never English first).
 */
import { direction, matchLanguage } from "../../worker/locales/languages";
import { App } from "../components/App";
import { widgetStrings } from "../locale-tables";
import { Tracked } from "../tracked";
import type { DialogController } from "./dialog-controller";

/** Attributes read here but not by the model: a change renders the button again. */
const SHOWN_ATTRIBUTES = ["button-text", "mode", "position", "locale"];

export class DialogMode extends Tracked<{ controller: DialogController }> {
  #attributes?: MutationObserver;
  /** Whether the pointer went down on the backdrop: a drag that starts in the dialog and ends outside it closes nothing. */
  #downOnBackdrop = false;

  override componentDidMount() {
    const { element } = this.props.controller;
    this.#attributes = new MutationObserver(() => this.forceUpdate());
    this.#attributes.observe(element, { attributeFilter: SHOWN_ATTRIBUTES });
  }

  override componentWillUnmount() {
    super.componentWillUnmount();
    this.#attributes?.disconnect();
    // Removed while open: the dialog leaves the top layer without a close event, so close it here.
    const { controller } = this.props;
    if (controller.isOpen) controller.close();
  }

  view({ controller }: { controller: DialogController }) {
    const { element } = controller;
    const model = controller.model.value;
    const locale = element.getAttribute("locale");
    const language = model ? model.language.value : matchLanguage(locale ? [locale] : navigator.languages).language;
    const t = widgetStrings(language).value;
    const label = element.getAttribute("button-text") || t?.bookMeeting;
    const floating = element.getAttribute("mode") === "floating";
    const corner = element.getAttribute("position") === "bottom-left" ? "left" : "right";
    const preload = () => controller.preload();
    return (
      <div lang={language} dir={direction(language)}>
        <button
          type="button"
          part="trigger"
          class={`trigger${floating ? ` floating ${corner}` : ""}${label ? "" : " waiting"}`}
          aria-haspopup="dialog"
          onClick={(event) => controller.open(event.currentTarget)}
          onPointerEnter={preload}
          onFocus={preload}
        >
          {label}
        </button>
        {/* biome-ignore lint/a11y/useKeyWithClickEvents: the backdrop's click; Escape is its keyboard equivalent, native to a modal dialog. */}
        <dialog
          part="dialog"
          class="dialog"
          aria-label={label}
          ref={(dialog) => {
            controller.dialog = dialog;
          }}
          onClose={() => controller.closed()}
          onPointerDown={(event) => {
            this.#downOnBackdrop = isOnBackdrop(event);
          }}
          onClick={(event) => {
            if (this.#downOnBackdrop && isOnBackdrop(event)) controller.close();
          }}
        >
          <div class="dialog-bar">
            <button
              type="button"
              class="dialog-close"
              aria-label={t?.closeDialog}
              ref={(button) => {
                controller.closeButton = button;
              }}
              onClick={() => controller.close()}
            >
              <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
                <path d="M3 3l10 10M13 3L3 13" />
              </svg>
            </button>
          </div>
          {model && <App model={model} />}
        </dialog>
      </div>
    );
  }
}

/**
 * A click on the backdrop reaches the dialog itself, outside its box; the dialog's own box is
 * covered by its content, whose clicks have other targets.
 */
function isOnBackdrop(event: MouseEvent): boolean {
  const dialog = event.currentTarget as HTMLDialogElement;
  if (event.target !== dialog) return false;
  const box = dialog.getBoundingClientRect();
  return event.clientX < box.left || event.clientX > box.right || event.clientY < box.top || event.clientY > box.bottom;
}
