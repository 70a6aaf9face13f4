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

  // The parent rendering again with the same props (the model) changes nothing here: what this
  // shows changes with its signals, which render it themselves. Skipping it spares the first load a
  // second pass over the whole tree (the calendar, the zone list's hundreds of options) when the
  // type's details come in.
  override shouldComponentUpdate(next: P) {
    for (const key in next) if (next[key] !== this.props[key]) return true;
    return false;
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
