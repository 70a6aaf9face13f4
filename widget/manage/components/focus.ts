/** Focus for the manage page's steps: a step shown after a press takes the focus, so keyboard and screen reader users land on it. */
import { useEffect, useRef } from "preact/hooks";

/** A ref whose element is focused when it first renders, if `when` is true then. */
export function useFocusOnMount<T extends HTMLElement>(when = true) {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (when) ref.current?.focus();
  }, []);
  return ref;
}
