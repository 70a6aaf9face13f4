/** Where the manage page finds its token: the URL's fragment, which browsers never send to a server or put in a Referer. */

/**
 * The token in `#bkm_…` (percent-decoded, in case a mail client encoded it); null when there is none,
 * or when it is not a manage token: a partner's service token pasted into a link must not turn this
 * page into a window on the host's bookings.
 */
export function tokenFromFragment(hash: string): string | null {
  let token = hash.replace(/^#/, "");
  try {
    token = decodeURIComponent(token);
  } catch {
    // not percent-encoding: taken as it is
  }
  return token.startsWith("bkm_") ? token : null;
}
