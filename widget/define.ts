/**
 * <bookora-widget>: the custom element. Each element gets its own open shadow root (styles in, page
 * styles out) and its own model. Defining it twice, as when a page includes the script twice, is harmless.
 */
import { effect } from "@preact/signals-core";
import { h, render } from "preact";
import { bookingApi } from "./api";
import { App } from "./components/App";
import type { DialogController } from "./dialog/dialog-controller";
import { withFirstRequests } from "./first-requests";
import { bookingSteps, loadBookingSteps, loadBookingStepsWhenIdle } from "./lazy-steps";
import { ATTRIBUTES, type AttributeName, type BookingModel, createBookingModel } from "./model";
import { PLACEHOLDER_HTML } from "./placeholder";
import css from "./styles.css?inline";

const sheets = new Map<string, CSSStyleSheet>();

/**
 * Adds `text` to the root's styles: a constructed stylesheet, so the widget works on pages whose
 * CSP forbids 'unsafe-inline', one per text shared by every widget on the page. Every browser the
 * widget's CSS needs (container queries) has adoptedStyleSheets but Safari 16.0 to 16.3.
 */
export function addStyles(root: ShadowRoot, text: string) {
  let sheet = sheets.get(text);
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(text);
    sheets.set(text, sheet);
  }
  if (!root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
}

/**
 * Renders the widget once its model has settled: the type's details in and the first free day open
 * (or none found in the months searched), or an alert to show. Until then a placeholder holds the
 * widget's space (placeholder.ts). On a hosted page the element holds both answers, so that is
 * within this task and the first render shows the times. Returns what stops it, for a disconnect.
 */
function renderWhenSettled(root: ShadowRoot, model: BookingModel): () => void {
  let placeholder: ChildNode | undefined;
  const stopWatching = effect(function whenSettled() {
    if (!model.alert.value && (!model.bookingType.value || model.isSearchingFirstFreeDay.value)) return;
    this.dispose();
    placeholder?.remove();
    render(h(App, { model }), root);
    // The form's code, fetched while the visitor looks at the times, so it is in before a time is
    // picked; not before, when its download and compiling would hold the times back.
    loadBookingStepsWhenIdle();
  });
  if (!root.firstChild) {
    root.innerHTML = PLACEHOLDER_HTML;
    placeholder = root.firstChild!;
  }
  return () => {
    stopWatching();
    placeholder?.remove();
  };
}

export function define(tag = "bookora-widget", registry: CustomElementRegistry = customElements, apiBase = new URL(import.meta.url).origin) {
  if (registry.get(tag)) return;

  class BookoraWidget extends HTMLElement {
    static observedAttributes = ATTRIBUTES;
    #model?: BookingModel;
    readonly #root: ShadowRoot;
    /** In popup and floating modes: the dialog, once its chunk is in. */
    #dialog?: Promise<DialogController>;
    /** Inline: stops waiting for the first render (renderWhenSettled). */
    #stopRendering?: () => void;

    constructor() {
      super();
      const root = this.attachShadow({ mode: "open" });
      this.#root = root;
      addStyles(root, css);
      // The later steps' styles come with their code, adopted as it arrives and before the steps
      // render (a component renders after the signal's effects have run), so they never show unstyled.
      // Then the effect ends: subscribed for good to the page-wide signal, it would keep every
      // element ever made (and its model and shadow tree) alive after it leaves the page.
      effect(function adoptStepsStyles() {
        const steps = bookingSteps.value;
        if (!steps) return;
        addStyles(root, steps.css);
        this.dispose();
      });
    }

    /**
     * The model, made when first needed (inline: as the element is connected, which for one upgraded
     * from the page's HTML follows its constructor at once; in a dialog: when the dialog is about to
     * open). Its first requests leave then, from the attributes, before it is built.
     */
    #modelNow = () => {
      if (!this.#model) {
        this.#model = createBookingModel(withFirstRequests(bookingApi(apiBase), this), (event) => this.dispatchEvent(event), loadBookingSteps);
        for (const name of ATTRIBUTES) this.#model.setAttribute(name, this.getAttribute(name));
      }
      return this.#model;
    };

    connectedCallback() {
      // A button that opens the calendar in a dialog (dialog/, a chunk of its own): nothing is asked
      // of the API before. No mode tests as "null", which is neither.
      if (/^(popup|floating)$/.test(this.getAttribute("mode")!)) {
        this.#dialog = import("./dialog/dialog").then((dialog) => dialog.mountDialog(this, this.#root, this.#modelNow, addStyles));
        return;
      }
      const model = this.#modelNow();
      model.start();
      this.#stopRendering = renderWhenSettled(this.#root, model);
    }

    disconnectedCallback() {
      this.#stopRendering?.();
      render(null, this.#root);
    }

    attributeChangedCallback(name: AttributeName, _old: string | null, value: string | null) {
      this.#model?.setAttribute(name, value);
    }

    /** Popup and floating modes: opens the dialog (focus moves into it). */
    open() {
      void this.#dialog?.then((dialog) => dialog.open());
    }

    /** Popup and floating modes: closes the dialog (focus goes back to what opened it). */
    close() {
      void this.#dialog?.then((dialog) => dialog.close());
    }
  }

  registry.define(tag, BookoraWidget);
}
