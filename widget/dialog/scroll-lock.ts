/**
 * The page behind an open dialog does not scroll (a modal <dialog> alone lets the wheel scroll it).
 * One lock per open dialog; the page's own overflow comes back when the last is released. The
 * scrollbar's gutter stays, so the page does not shift sideways as its scrollbar goes.
 */
let locks = 0;
let saved = { overflow: "", scrollbarGutter: "" };

/** Locks the page's scrolling; the function returned releases this lock (a second call does nothing). */
export function lockScroll(): () => void {
  const style = document.documentElement.style;
  if (locks === 0) {
    saved = { overflow: style.overflow, scrollbarGutter: style.scrollbarGutter };
    // Only a page that has a scrollbar keeps room for one.
    if (document.documentElement.scrollHeight > document.documentElement.clientHeight) style.scrollbarGutter = "stable";
    style.overflow = "hidden";
  }
  locks += 1;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    locks -= 1;
    if (locks === 0) {
      style.overflow = saved.overflow;
      style.scrollbarGutter = saved.scrollbarGutter;
    }
  };
}
