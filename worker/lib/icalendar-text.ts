/**
 * The text rules of an iCalendar file (RFC 5545) that the widget's "Add to calendar" file and the
 * e-mail's invite.ics both follow.
 */

/** "20261207T090000Z": an instant as a UTC DATE-TIME in basic format (§3.3.5, form #2), also Google's. */
export const icsUtc = (instant: string | number) => new Date(instant).toISOString().replace(/[-:]|\.\d+/g, "");

/**
 * TEXT values escape backslash, ";", "," and newlines (§3.3.11). A lone CR is a newline too: left
 * as it is, some readers end the content line there and read what follows as a property.
 */
export const icsText = (value: string) => value.replace(/[\\;,]/g, "\\$&").replace(/\r\n|\r|\n/g, "\\n");

/** Lines longer than 75 octets continue on the next line after CRLF and a space, never inside a UTF-8 character (§3.1). */
export function icsFold(line: string): string {
  let folded = "";
  let octets = 0;
  for (const char of line) {
    const code = char.codePointAt(0)!;
    const size = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    if (octets + size > 75) {
      folded += "\r\n ";
      octets = 1;
    }
    folded += char;
    octets += size;
  }
  return folded;
}
