/** The attendee's manage link, shown to keep and copied with one press; `announce` says how the copy went. */
import type { WidgetMessages } from "../../worker/locales/messages";

export function ManageLink({ t, url, announce }: { t: WidgetMessages; url: string; announce: (message: string) => void }) {
  const copy = () =>
    // No clipboard on plain-http pages: the promise rejects, and the visitor is told to copy it by hand.
    Promise.resolve()
      .then(() => navigator.clipboard.writeText(url))
      .then(
        () => announce(t.linkCopied),
        () => announce(t.copyFailed),
      );
  return (
    <div class="manage-link">
      <p>{t.keepLink}</p>
      <a href={url} class="reference">
        {url}
      </a>
      <button type="button" class="secondary" part="button" onClick={copy}>
        {t.copyLink}
      </button>
    </div>
  );
}
