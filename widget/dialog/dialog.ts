/**
 * Popup and floating modes (design-embed.md "Display modes"), a chunk of their own: /widget.js reads
 * `mode` and imports this. The element shows a button; the calendar opens in a modal <dialog>. The
 * calendar's model is made, and asks the API for the type and the first month, only when the dialog
 * first opens or its button (or a page's opener) is hovered or focused. Focus moves into the dialog
 * and back to what opened it; the page behind does not scroll; `bookora:open` and `bookora:close`.
 */
import { h, render } from "preact";
import type { BookingModel } from "../model";
import { DialogMode } from "./DialogMode";
import css from "./dialog.css?inline";
import { DialogController } from "./dialog-controller";
import "./english-dialog";
import { listenForPageOpeners } from "./page-openers";

const controllers = new WeakMap<Element, DialogController>();

/**
 * Shows `element`'s button and dialog in its shadow root; called each time the element is connected.
 * `addStyles` is define.ts's, passed in so this chunk does not import the entry's module back.
 */
export function mountDialog(
  element: HTMLElement,
  root: ShadowRoot,
  modelOf: () => BookingModel,
  addStyles: (root: ShadowRoot, css: string) => void,
): DialogController {
  let controller = controllers.get(element);
  if (!controller) {
    controller = new DialogController(element, modelOf);
    controllers.set(element, controller);
  }
  addStyles(root, css);
  render(h(DialogMode, { controller }), root);
  listenForPageOpeners((widget) => controllers.get(widget));
  return controller;
}
