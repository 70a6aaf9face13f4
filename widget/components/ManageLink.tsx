/** The attendee's manage link, shown to keep and copied with one press; `announce` says how the copy went. */
export function ManageLink({ url, announce }: { url: string; announce: (message: string) => void }) {
  const copy = () =>
    // No clipboard on plain-http pages: the promise rejects, and the visitor is told to copy it by hand.
    Promise.resolve()
      .then(() => navigator.clipboard.writeText(url))
      .then(
        () => announce("Link copied."),
        () => announce("Copy failed."),
      );
  return (
    <div class="manage-link">
      <p>Keep this link to reschedule or cancel:</p>
      <a href={url} class="reference">
        {url}
      </a>
      <button type="button" class="secondary" onClick={copy}>
        Copy link
      </button>
    </div>
  );
}
