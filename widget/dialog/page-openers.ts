/**
 * Any element of the page with `data-bookora-open="<id of a widget>"` opens that widget's dialog
 * (a link keeps its href for pages without JavaScript: the click opens the dialog instead), and
 * hovering or focusing it starts loading the calendar. One listener per event on the document,
 * installed once, so openers added later work too.
 */
import type { DialogController } from "./dialog-controller";

let listening = false;

export function listenForPageOpeners(controllerOf: (element: Element) => DialogController | undefined) {
  if (listening) return;
  listening = true;
  /** The opener an event happened in, and the controller of the widget it names. */
  const target = (event: Event) => {
    const opener = event.target instanceof Element ? event.target.closest<HTMLElement>("[data-bookora-open]") : null;
    const widget = opener && document.getElementById(opener.dataset.bookoraOpen ?? "");
    const controller = widget && controllerOf(widget);
    return controller ? { opener, controller } : null;
  };
  document.addEventListener("click", (event) => {
    const found = target(event);
    if (!found) return;
    event.preventDefault();
    found.controller.open(found.opener);
  });
  const preload = (event: Event) => target(event)?.controller.preload();
  document.addEventListener("pointerover", preload);
  document.addEventListener("focusin", preload);
}
