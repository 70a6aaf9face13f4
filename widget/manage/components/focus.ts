/** Focus for the manage page's steps: a step shown after a press takes the focus, so keyboard and screen reader users land on it. */
import { createRef } from "preact";
import { Tracked } from "../../tracked";

/** A tracked component whose heading (`ref={this.heading}`) is focused when it first shows, if `focusOnMount` says so then. */
export abstract class FocusedOnMount<P> extends Tracked<P> {
  readonly heading = createRef<HTMLHeadingElement>();

  /** Read once, as the component first shows. */
  focusOnMount(_props: P): boolean {
    return true;
  }

  override componentDidMount() {
    if (this.focusOnMount(this.props)) this.heading.current?.focus();
  }
}
