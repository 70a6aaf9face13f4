/**
 * /manage.js, the manage page's own module (the widget's /widget.js stays as it was): registers
 * <bookora-manage booking-id="…">, which reads the manage token from the page's fragment. The
 * fragment never reaches a server; the token leaves the browser only as `Authorization: Bearer`.
 */
import { h, render } from "preact";
import { adoptStyles } from "../define";
import { ManageApp } from "./components/ManageApp";
import { tokenFromFragment } from "./fragment-token";
import css from "./manage.css?inline";
import { manageApi } from "./manage-api";
import { createManageModel } from "./manage-model";

class BookoraManage extends HTMLElement {
  connectedCallback() {
    if (this.shadowRoot) return;
    const root = this.attachShadow({ mode: "open" });
    adoptStyles(root);
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    const model = createManageModel(
      manageApi(location.origin),
      { origin: location.origin, bookingId: this.getAttribute("booking-id") ?? "", token: tokenFromFragment(location.hash) },
      // After a move the address names the booking as it is now, so a reload or a bookmark finds it.
      (bookingId) => history.replaceState(null, "", `/manage/${encodeURIComponent(bookingId)}${location.hash}`),
    );
    model.start();
    render(h(ManageApp, { model }), root);
  }
}

if (!customElements.get("bookora-manage")) customElements.define("bookora-manage", BookoraManage);
