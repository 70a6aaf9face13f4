/**
 * Components that render again when a signal they read changes, built on @preact/signals-core
 * alone: @preact/signals' Preact integration and preact/hooks, which it needs, cost /widget.js
 * 1.1 KB gzip more than this, which does the part the widget uses.
 * Each render runs inside an effect, which records the signals read; the first change to any of
 * them schedules a render (Preact's forceUpdate, batched like setState), which records them anew.
 * Only the component's own render is recorded: its children are components of their own.
 */
import { effect } from "@preact/signals-core";
import { Component, type ComponentChildren } from "preact";

export abstract class Tracked<P = object> extends Component<P> {
  #stop?: () => void;

  /** What the component shows; the signals it reads make it render again. */
  abstract view(props: P): ComponentChildren;

  override render(): ComponentChildren {
    const props = this.props;
    this.#stop?.();
    let shown: ComponentChildren = null;
    let first = true;
    this.#stop = effect(() => {
      if (first) {
        first = false;
        shown = this.view(props);
      } else this.forceUpdate();
    });
    return shown;
  }

  override componentWillUnmount() {
    this.#stop?.();
  }
}

/** A function component, tracked. */
export function tracked<P>(view: (props: P) => ComponentChildren) {
  return class extends Tracked<P> {
    view(props: P) {
      return view(props);
    }
  };
}
