/**
 * <bookora-widget>: the custom element. Each element gets its own open shadow root (styles in, page
 * styles out) and its own model. Defining it twice, as when a page includes the script twice, is harmless.
 */
import { h, render } from "preact";
import { bookingApi } from "./api";
import { App } from "./components/App";
import { withFirstRequests } from "./first-requests";
import { ATTRIBUTES, type AttributeName, type BookingModel, createBookingModel } from "./model";
import css from "./styles.css?inline";

let sharedSheet: CSSStyleSheet | undefined;

/**
 * Constructed stylesheets need no inline <style>, so the widget works on pages whose CSP forbids
 * 'unsafe-inline'; one sheet is shared by every widget on the page (and the manage page, which
 * adds its own sheet after it).
 */
export function adoptStyles(root: ShadowRoot) {
  if ("adoptedStyleSheets" in root && typeof CSSStyleSheet.prototype.replaceSync === "function") {
    if (!sharedSheet) {
      sharedSheet = new CSSStyleSheet();
      sharedSheet.replaceSync(css);
    }
    root.adoptedStyleSheets = [sharedSheet];
  } else {
    const style = document.createElement("style");
    style.textContent = css;
    root.append(style);
  }
}

export function define(tag = "bookora-widget", registry: CustomElementRegistry = customElements, apiBase = new URL(import.meta.url).origin) {
  if (registry.get(tag)) return;

  class BookoraWidget extends HTMLElement {
    static observedAttributes = ATTRIBUTES;
    readonly #model: BookingModel;
    readonly #root: ShadowRoot;

    constructor() {
      super();
      // An element upgraded from the page's HTML has its attributes already: its first requests
      // leave now, before the model is built.
      this.#model = createBookingModel(withFirstRequests(bookingApi(apiBase), this), (event) => this.dispatchEvent(event));
      this.#root = this.attachShadow({ mode: "open" });
      adoptStyles(this.#root);
    }

    connectedCallback() {
      // By now an upgraded element has all its attributes: the model may start loading.
      this.#model.start();
      render(h(App, { model: this.#model }), this.#root);
    }

    disconnectedCallback() {
      render(null, this.#root);
    }

    attributeChangedCallback(name: AttributeName, _old: string | null, value: string | null) {
      this.#model.setAttribute(name, value);
    }
  }

  registry.define(tag, BookoraWidget);
}
