/**
 * A missing or wrong token, or no such booking: one message for all, so the page never tells
 * whether a booking exists.
 */
import { useFocusOnMount } from "./focus";

export function InvalidLink() {
  const heading = useFocusOnMount<HTMLHeadingElement>(false);
  return (
    <section aria-labelledby="invalid-heading">
      <h2 id="invalid-heading" ref={heading} tabIndex={-1}>
        This link does not work
      </h2>
      <p>
        Open the link from your booking confirmation exactly as you received it, including everything after the “#”. If it still does not work, ask the person
        you booked with.
      </p>
    </section>
  );
}
