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
import css from "./styles.css?inline";

const sheets = new Map<string, CSSStyleSheet>();

/**
 * Adds `text` to the root's styles. Constructed stylesheets need no inline <style>, so the widget
 * works on pages whose CSP forbids 'unsafe-inline'; one sheet per text is shared by every widget
 * on the page (and the manage page, which adds its own sheet after them).
 */
export function addStyles(root: ShadowRoot, text: string) {
  // Every browser with adoptedStyleSheets has replaceSync: they shipped together (Chrome 73, Firefox 101, Safari 16.4).
  if (root.adoptedStyleSheets) {
    let sheet = sheets.get(text);
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(text);
      sheets.set(text, sheet);
    }
    if (!root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  } else {
    const style = document.createElement("style");
    style.textContent = text;
    root.append(style);
  }
}

/**
 * Renders the widget once the first free day is chosen (the type's details and the month's slots
 * in), at the next task, or just before the next frame is painted, whichever comes first. On a
 * hosted page the element holds both answers, so that is within this task and the first render
 * shows the times: no skeleton drawn and then redrawn three times as each answer comes in (shadow
 * root to first slot 28–40 → 21–30 ms, bench/README.md). An embed, whose answers are on the
 * network, shows its skeleton at the next task, as soon as it did before (waiting for the frame
 * alone put its first slot 25–30 ms later), and never paints an empty element, which would
 * collapse the space a page keeps for it.
 */
function renderWhenSettled(element: Element, root: ShadowRoot, model: BookingModel) {
  // An empty root is one not rendered yet (or emptied by a disconnect, and connected again since).
  const show = () => root.firstChild || !element.isConnected || render(h(App, { model }), root);
  effect(function whenSettled() {
    if (!model.selectedDay.value) return;
    this.dispose();
    show();
  });
  setTimeout(show);
  requestAnimationFrame(show);
}

export function define(tag = "bookora-widget", registry: CustomElementRegistry = customElements, apiBase = new URL(import.meta.url).origin) {
  if (registry.get(tag)) return;

  class BookoraWidget extends HTMLElement {
    static observedAttributes = ATTRIBUTES;
    #model?: BookingModel;
    readonly #root: ShadowRoot;
    /** In popup and floating modes: the dialog, once its chunk is in. */
    #dialog?: Promise<DialogController>;

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
      renderWhenSettled(this, this.#root, model);
      // The form's code, fetched while the visitor looks at the times, so it is in before a time is picked.
      loadBookingStepsWhenIdle();
    }

    disconnectedCallback() {
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
