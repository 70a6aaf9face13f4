/** Where the manage page finds its token: the URL's fragment, which browsers never send to a server or put in a Referer. */

/** The token in `#bkm_…` (percent-decoded, in case a mail client encoded it); null when there is none. */
export function tokenFromFragment(hash: string): string | null {
  let token = hash.replace(/^#/, "");
  try {
    token = decodeURIComponent(token);
  } catch {
    // not percent-encoding: taken as it is
  }
  return token === "" ? null : token;
}
