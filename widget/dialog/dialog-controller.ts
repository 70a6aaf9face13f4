/**
 * One popup or floating widget's dialog, as the page, the element's methods and its button drive
 * it: the calendar's model made on first need, the dialog opened with the focus moved in and the
 * page's scrolling locked, and closed (whichever way) with both given back and `bookora:close`.
 */
import { type ReadonlySignal, signal } from "@preact/signals-core";
import { loadBookingStepsWhenIdle } from "../lazy-steps";
import type { BookingModel } from "../model";
import { lockScroll } from "./scroll-lock";

/** The element focused now, inside shadow roots too. */
function deepActiveElement(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** One element's dialog: what opens and closes it, and the model it shows once made. */
export class DialogController {
  readonly #model = signal<BookingModel | null>(null);
  /** The <dialog> and its close button, while rendered (DialogMode). */
  dialog: HTMLDialogElement | null = null;
  closeButton: HTMLButtonElement | null = null;
  #opener: Element | null = null;
  #unlockScroll: (() => void) | null = null;

  constructor(
    readonly element: HTMLElement,
    readonly modelOf: () => BookingModel,
  ) {}

  /** Null until the dialog first opens or is about to. */
  get model(): ReadonlySignal<BookingModel | null> {
    return this.#model;
  }

  get isOpen(): boolean {
    return this.#unlockScroll !== null;
  }

  /** The calendar starts loading (the type and its first month, then the form's code when the browser is idle). */
  preload() {
    if (this.#model.peek()) return;
    const model = this.modelOf();
    model.start();
    this.#model.value = model;
    loadBookingStepsWhenIdle();
  }

  /** `opener` gets the focus back on close: by default, what has it now. */
  open(opener: Element | null = deepActiveElement()) {
    const dialog = this.dialog;
    if (!dialog || this.isOpen) return;
    this.preload();
    this.#opener = opener;
    dialog.showModal();
    // The close button comes first in the dialog: the focus starts there whatever the calendar has loaded.
    this.closeButton?.focus();
    this.#unlockScroll = lockScroll();
    this.#emit("open");
  }

  close() {
    this.dialog?.close();
    this.closed();
  }

  /**
   * After the dialog closed, whichever way (Escape, the close button, the backdrop, close(), the
   * element leaving the page): the page scrolls again and the opener gets the focus back. Once per opening.
   */
  closed() {
    if (!this.#unlockScroll) return;
    this.#unlockScroll();
    this.#unlockScroll = null;
    const opener = this.#opener;
    this.#opener = null;
    if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
    this.#emit("close");
  }

  #emit(name: "open" | "close") {
    this.element.dispatchEvent(new CustomEvent(`bookora:${name}`, { detail: {}, bubbles: true, composed: true }));
  }
}
