/**
 * /manage.js, the manage page's own module (the widget's /widget.js stays as it was): registers
 * <bookora-manage booking-id="…">, which reads the manage token from the page's fragment. The
 * fragment never reaches a server; the token leaves the browser only as `Authorization: Bearer`.
 * It holds what showing the booking and its buttons needs, with English; the visitor's language
 * (manage-strings.ts) and the steps after Cancel or Reschedule (steps-loader.ts) are chunks of their own.
 */
import { h, render } from "preact";
// Not through define.ts: the build keeps every module the entry imports in /manage.js itself
// (vite.config.ts), and define.ts imports the widget's calendar, which is the steps' chunk's here.
import stepsCss from "../steps.css?inline";
import widgetCss from "../styles.css?inline";
import { ManageApp } from "./components/ManageApp";
import { withFirstBookingRequest } from "./first-request";
import { tokenFromFragment } from "./fragment-token";
import css from "./manage.css?inline";
import { manageApi } from "./manage-api";
import { createManageModel } from "./manage-model";
import { loadManageSteps, loadManageStepsWhenIdle } from "./steps-loader";

class BookoraManage extends HTMLElement {
  // Upgraded from the page's HTML, the element has its id already: the booking's request leaves
  // now, before the styles and models below are built (one made by script asks once connected).
  readonly #api = withFirstBookingRequest(manageApi(location.origin), this.getAttribute("booking-id") ?? "", tokenFromFragment(location.hash));

  connectedCallback() {
    if (this.shadowRoot) return;
    const root = this.attachShadow({ mode: "open" });
    // Every style of the widget, its later steps' included (the manage page shows the confirmation at once), then its own.
    root.adoptedStyleSheets = [widgetCss, stepsCss, css].map((text) => {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(text);
      return sheet;
    });
    const model = createManageModel(
      this.#api,
      { origin: location.origin, bookingId: this.getAttribute("booking-id") ?? "", token: tokenFromFragment(location.hash) },
      // After a move the address names the booking as it is now, so a reload or a bookmark finds it.
      (bookingId) => history.replaceState(null, "", `/manage/${encodeURIComponent(bookingId)}${location.hash}`),
      loadManageSteps,
    );
    model.start();
    render(h(ManageApp, { model }), root);
    loadManageStepsWhenIdle();
  }
}

if (!customElements.get("bookora-manage")) customElements.define("bookora-manage", BookoraManage);
