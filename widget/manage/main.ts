/**
 * /manage.js, the manage page's own module (the widget's /widget.js stays as it was): registers
 * <bookora-manage booking-id="…">, which reads the manage token from the page's fragment. The
 * fragment never reaches a server; the token leaves the browser only as `Authorization: Bearer`.
 */
// For its side effect: @preact/signals' Preact integration, which renders the manage page's own
// components (function components with hooks reading signals) again when a signal they read changes.
// The widget's components render through tracked.ts instead and need none of it.
import "@preact/signals";
import { h, render } from "preact";
import { addStyles } from "../define";
// Not through define.ts: /widget.js keeps every module define.ts imports (vite.config.ts), and the steps' sheet is the lazy chunk's.
import stepsCss from "../steps.css?inline";
import widgetCss from "../styles.css?inline";
import { ManageApp } from "./components/ManageApp";
import { withFirstBookingRequest } from "./first-request";
import { tokenFromFragment } from "./fragment-token";
import css from "./manage.css?inline";
import { manageApi } from "./manage-api";
import { createManageModel } from "./manage-model";

class BookoraManage extends HTMLElement {
  // Upgraded from the page's HTML, the element has its id already: the booking's request leaves
  // now, before the styles and models below are built (one made by script asks once connected).
  readonly #api = withFirstBookingRequest(manageApi(location.origin), this.getAttribute("booking-id") ?? "", tokenFromFragment(location.hash));

  connectedCallback() {
    if (this.shadowRoot) return;
    const root = this.attachShadow({ mode: "open" });
    // Every style of the widget, its later steps' included: the manage page shows those at once.
    addStyles(root, widgetCss);
    addStyles(root, stepsCss);
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    const model = createManageModel(
      this.#api,
      { origin: location.origin, bookingId: this.getAttribute("booking-id") ?? "", token: tokenFromFragment(location.hash) },
      // After a move the address names the booking as it is now, so a reload or a bookmark finds it.
      (bookingId) => history.replaceState(null, "", `/manage/${encodeURIComponent(bookingId)}${location.hash}`),
    );
    model.start();
    render(h(ManageApp, { model }), root);
  }
}

if (!customElements.get("bookora-manage")) customElements.define("bookora-manage", BookoraManage);
