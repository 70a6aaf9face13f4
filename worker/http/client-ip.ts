/**
 * The address a client is counted under for per-IP rate limits, read from `CF-Connecting-IP`.
 * Cloudflare's edge sets that header on every request from the internet (a client cannot choose
 * it), and `wrangler dev` sets it from the socket (127.0.0.1 for `npm start` and e2e). X-Real-IP and
 * X-Forwarded-For are never read: on a direct request the client writes them.
 *
 * IPv4 is counted per address. IPv6 is counted per /64: one subscriber usually gets a whole /64
 * (often more), so per-address counting would let one client walk through 2^64 fresh buckets.
 * An IPv4-mapped IPv6 address (`::ffff:192.0.2.1`) is the IPv4 client it carries.
 */
import { ApiError } from "../domain/errors";

export const CLIENT_IP_HEADER = "cf-connecting-ip";

/** Longer than any spelling of an IPv6 address with a zone; a cheap guard before parsing. */
const MAX_ADDRESS_LENGTH = 64;

/** The request's rate-limit address, or null when `CF-Connecting-IP` is missing or not an IP address. */
export function clientAddress(headers: Headers): string | null {
  const value = headers.get(CLIENT_IP_HEADER);
  return value === null ? null : rateLimitAddress(value);
}

/**
 * Like `clientAddress`, for API routes: 400 INVALID_REQUEST when there is none. Only a request that
 * did not come through Cloudflare's edge or `wrangler dev` lacks the header (a test harness, another
 * Worker calling us directly); counting all of those in one "unknown" bucket would let one of them
 * use up everyone's allowance, so they are refused instead.
 */
export function requireClientAddress(headers: Headers): string {
  const address = clientAddress(headers);
  if (address !== null) return address;
  throw new ApiError(
    "INVALID_REQUEST",
    "The client address is unknown: CF-Connecting-IP is missing or not an IP address. Requests must reach Bookora through Cloudflare.",
  );
}

/**
 * `198.51.100.7` → `198.51.100.7`; `2001:DB8:0:1::5` → `2001:db8:0:1::/64`;
 * `::ffff:198.51.100.7` → `198.51.100.7`; anything else → null.
 */
export function rateLimitAddress(value: string): string | null {
  const text = value.trim();
  if (text.length === 0 || text.length > MAX_ADDRESS_LENGTH) return null;
  if (!text.includes(":")) {
    const octets = parseIpv4(text);
    return octets ? octets.join(".") : null;
  }
  const groups = parseIpv6(text);
  if (!groups) return null;
  if (isIpv4Mapped(groups)) return [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff].join(".");
  return `${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(":")}::/64`;
}

/** Four decimal octets, 0–255 each. */
function parseIpv4(text: string): number[] | null {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!match) return null;
  const octets = match.slice(1).map(Number);
  return octets.every((octet) => octet <= 255) ? octets : null;
}

/** The eight 16-bit groups of an IPv6 address in any RFC 4291 spelling (`::`, a dotted IPv4 tail, a `%zone`). */
function parseIpv6(text: string): number[] | null {
  // A zone (`fe80::1%eth0`) names the local interface, not the client.
  const address = text.toLowerCase().split("%")[0]!;
  const halves = address.split("::");
  if (halves.length > 2) return null;
  const isCompressed = halves.length === 2;
  const head = parseGroups(halves[0]!, !isCompressed);
  const tail = isCompressed ? parseGroups(halves[1]!, true) : [];
  if (!head || !tail) return null;
  if (!isCompressed) return head.length === 8 ? head : null;
  // `::` stands for one or more zero groups.
  const zeros = 8 - head.length - tail.length;
  return zeros >= 1 ? [...head, ...new Array<number>(zeros).fill(0), ...tail] : null;
}

/** Colon-separated groups; the last may be a dotted IPv4 address (two groups) when it ends the address. */
function parseGroups(part: string, mayEndInIpv4: boolean): number[] | null {
  if (part === "") return [];
  const pieces = part.split(":");
  const groups: number[] = [];
  for (const [index, piece] of pieces.entries()) {
    if (mayEndInIpv4 && index === pieces.length - 1 && piece.includes(".")) {
      const octets = parseIpv4(piece);
      if (!octets) return null;
      groups.push((octets[0]! << 8) | octets[1]!, (octets[2]! << 8) | octets[3]!);
    } else if (/^[0-9a-f]{1,4}$/.test(piece)) {
      groups.push(Number.parseInt(piece, 16));
    } else {
      return null;
    }
  }
  return groups;
}

/** `::ffff:a.b.c.d` (RFC 4291 §2.5.5.2): an IPv4 client seen through a dual-stack socket. */
function isIpv4Mapped(groups: number[]): boolean {
  return groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff;
}
