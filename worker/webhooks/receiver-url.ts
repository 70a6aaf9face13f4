/**
 * Which URLs may receive webhooks (design-management.md "Limits and abuse"): `https://` to a public
 * host name. The dispatcher POSTs there and the delivery log shows the first 1 KB of the answer, its
 * `Location` and the error text, so a receiver inside our own network (a metadata service, the
 * Worker itself) would turn the log into a way to read it. Checked on create, on PATCH, and again
 * before every send (a row that does not pass, however it got into D1, is not sent to).
 *
 * The WHATWG URL parser does the normalising: `http://0x7f.1/`, `http://2130706433/`,
 * `http://0177.0.0.1/`, `http://127.1/` and `http://127。0。0。1/` all have the hostname `127.0.0.1`,
 * `[::ffff:127.0.0.1]` becomes `[::ffff:7f00:1]`, and `%6c%6fcalhost` or `ⓛocalhost` become
 * `localhost` (receiver-url.test.ts checks what workerd does). So an IPv4 literal in any notation is
 * four dotted decimals afterwards, and an IPv6 one is bracketed. A public name that resolves to a
 * private address is not caught here: Workers cannot resolve names, and on Cloudflare their fetch
 * does not reach a private network.
 */
import { allowsHttp } from "./config";

/** Names that never leave the local network (RFC 6761, RFC 6762, RFC 8375, and the cloud providers' `.internal`). */
const PRIVATE_SUFFIXES = [".local", ".internal", ".localhost", ".home.arpa"];
const IPV4_LITERAL = /^\d{1,3}(\.\d{1,3}){3}$/;

export interface ReceiverRules {
  /** WEBHOOKS_ALLOW_HTTP=on: `http://` and loopback receivers too (local development only). */
  allowHttpAndLoopback: boolean;
  /** The deployment's own hosts (`host` form: the hostname, and the port when not the default). */
  ownHosts: string[];
}

/** The rules of this deployment; `requestUrl` adds the host the request came in on (not known at send time). */
export function receiverRules(env: Pick<Env, "WEBHOOKS_ALLOW_HTTP" | "PUBLIC_URL">, requestUrl?: string): ReceiverRules {
  const ownHosts = [env.PUBLIC_URL, requestUrl].flatMap((url) => {
    const parsed = url ? URL.parse(url) : null;
    return parsed && parsed.host !== "" ? [parsed.host] : [];
  });
  return { allowHttpAndLoopback: allowsHttp(env), ownHosts };
}

/** Why `url` may not receive webhooks (a sentence for `url: …`), or null when it may. */
export function receiverUrlRefusal(url: string, rules: ReceiverRules): string | null {
  const parsed = URL.parse(url);
  if (!parsed || (parsed.protocol !== "https:" && parsed.protocol !== "http:")) return "must be an absolute https:// URL";
  if (parsed.protocol === "http:" && !rules.allowHttpAndLoopback) {
    return "must be https:// (plain http:// is allowed only in local development, with WEBHOOKS_ALLOW_HTTP=on)";
  }
  // "example.com." and "example.com" are the same name.
  const name = parsed.hostname.replace(/\.$/, "");
  if (rules.allowHttpAndLoopback && isLoopback(name)) {
    // Loopback receivers share the Worker's address in development: only its own port is itself.
    return rules.ownHosts.includes(parsed.host) ? "must not be this deployment's own address" : null;
  }
  if (IPV4_LITERAL.test(name) || name.startsWith("[")) return "must have a host name, not an IP address";
  if (name === "localhost" || PRIVATE_SUFFIXES.some((suffix) => name.endsWith(suffix))) return "must have a public host name, not a local one";
  if (!name.includes(".")) return "must have a public host name with a domain (e.g. hooks.example.com), not a single label";
  const ownNames = rules.ownHosts.map((host) => (URL.parse(`https://${host}`)?.hostname ?? host).replace(/\.$/, ""));
  if (ownNames.includes(name)) return "must not be this deployment's own host";
  return null;
}

/** 127.0.0.0/8, ::1 and the `localhost` names. */
function isLoopback(name: string): boolean {
  return name === "localhost" || name.endsWith(".localhost") || name === "[::1]" || (IPV4_LITERAL.test(name) && name.startsWith("127."));
}
