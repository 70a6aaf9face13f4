/**
 * A small iCalendar (RFC 5545) reader for the specs, written from the RFC rather than from the
 * widget's code: it checks the file's framing (CRLF, lines of at most 75 octets) and unfolds it into
 * properties with their parameters and values.
 */
export interface IcsProperty {
  name: string;
  params: Record<string, string>;
  value: string;
}

/** The file's content lines as properties; throws if the framing breaks the RFC. */
export function parseIcs(file: string): IcsProperty[] {
  if (!file.endsWith("\r\n")) throw new Error("the file does not end with CRLF");
  if (/(?<!\r)\n|\r(?!\n)/.test(file)) throw new Error("a line ends without CRLF");
  for (const line of file.split("\r\n")) {
    if (Buffer.byteLength(line, "utf8") > 75) throw new Error(`a line is longer than 75 octets: ${line}`);
  }
  return file
    .replace(/\r\n[ \t]/g, "")
    .split("\r\n")
    .filter(Boolean)
    .map((line) => {
      const match = /^([A-Za-z0-9-]+)((?:;[A-Za-z0-9-]+=(?:"[^"]*"|[^";:,]*))*):(.*)$/.exec(line);
      if (!match) throw new Error(`not a content line: ${line}`);
      const params = Object.fromEntries(
        [...match[2]!.matchAll(/;([A-Za-z0-9-]+)=("[^"]*"|[^";:,]*)/g)].map((p) => [p[1]!.toUpperCase(), p[2]!.replace(/^"|"$/g, "")]),
      );
      return { name: match[1]!.toUpperCase(), params, value: match[3]! };
    });
}

/** A TEXT value as written before escaping. */
export function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_, char: string) => (char === "n" || char === "N" ? "\n" : char));
}

/** "20261207T090000Z" as an instant (ms); UTC forms only, which is what this checks. */
export function utcInstant(value: string): number {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!match) throw new Error(`not a UTC date-time: ${value}`);
  const [, y, mo, d, h, mi, s] = match.map(Number) as number[];
  return Date.UTC(y!, mo! - 1, d!, h!, mi!, s!);
}
