/**
 * A missing or wrong token, or no such booking: one message for all, so the page never tells
 * whether a booking exists.
 */
import type { ManageMessages } from "../../../worker/locales/messages";

export function InvalidLink({ t }: { t: ManageMessages }) {
  return (
    <section aria-labelledby="invalid-heading">
      <h2 id="invalid-heading" tabIndex={-1}>
        {t.invalidLinkHeading}
      </h2>
      <p>{t.invalidLinkText}</p>
    </section>
  );
}
