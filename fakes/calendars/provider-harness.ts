/**
 * Test glue between a provider and its fake: the fake's fetch injected as the provider's, a host
 * clicking through the consent page, and the ProviderError a call ends with. Used by
 * google.test.ts and microsoft.test.ts (and usable by any Worker test that needs a connected fake).
 */
import {
  type CalendarEvent,
  type CalendarProvider,
  codeChallengeS256,
  createCodeVerifier,
  type ProviderConfig,
  ProviderError,
  type ProviderTokens,
} from "../../worker/calendars";
import type { FakeProvider } from "./fake-provider";

export const REDIRECT_URI = "https://bookora.test/oauth/callback/fake";

/** The provider's configuration pointed at the fake, with the fake's fetch injected. */
export function fakeConfig(
  fake: FakeProvider & { urls: { authUrl: string; tokenUrl: string; apiUrl: string; revokeUrl?: string } },
  timeoutMs = 1000,
): ProviderConfig {
  return {
    clientId: fake.clientId,
    clientSecret: fake.clientSecret,
    ...fake.urls,
    fetch: (input, init) => fake.fetch(new Request(input, init)),
    timeoutMs,
  };
}

/**
 * What a host does: open the authorization URL, click Allow, come back with `code` and `state`.
 * Answers the code and its verifier (the state is checked here, as the callback would).
 */
export async function consent(fake: FakeProvider, provider: CalendarProvider, state = "state-1"): Promise<{ code: string; verifier: string }> {
  const verifier = createCodeVerifier();
  const authorizationUrl = provider.authorizationUrl({ state, codeChallenge: await codeChallengeS256(verifier), redirectUri: REDIRECT_URI });
  const page = await fake.fetch(new Request(authorizationUrl));
  const html = await page.text();
  // The Allow button's form: its action and hidden fields, submitted as the browser would.
  const action = /<form method="get" action="([^"]+\/approve)">([\s\S]*?)<\/form>/.exec(html);
  if (page.status !== 200 || action === null) throw new Error(`No consent page (HTTP ${page.status})`);
  const approve = new URL(unescapeHtml(action[1] ?? ""));
  for (const field of (action[2] ?? "").matchAll(/<input type="(?:hidden|checkbox)" name="([^"]+)" value="([^"]*)"/g)) {
    approve.searchParams.append(unescapeHtml(field[1] ?? ""), unescapeHtml(field[2] ?? ""));
  }
  const redirect = await fake.fetch(new Request(approve));
  const back = new URL(redirect.headers.get("Location") ?? "");
  if (back.searchParams.get("state") !== state) throw new Error("The provider sent another state back");
  return { code: back.searchParams.get("code") ?? "", verifier };
}

/** Consent, then the code exchange: a connected account's tokens. */
export async function connect(fake: FakeProvider, provider: CalendarProvider): Promise<ProviderTokens> {
  const { code, verifier } = await consent(fake, provider);
  return provider.exchangeCode(code, verifier, REDIRECT_URI);
}

/** The ProviderError a call ends with; fails the test if it succeeds or throws anything else. */
export async function providerError(call: Promise<unknown>): Promise<ProviderError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof ProviderError) return error;
    throw error;
  }
  throw new Error("Expected a ProviderError, but the call succeeded");
}

function unescapeHtml(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** The event of an Intro call with Ada Lovelace, booked on a public form; tests choose its key and times. */
export function sampleCalendarEvent(fields: Pick<CalendarEvent, "idempotencyKey" | "startMs" | "endMs"> & Partial<CalendarEvent>): CalendarEvent {
  return {
    bookingId: "bkg_1",
    title: "Intro call with Ada Lovelace",
    description: "About the engine",
    timeZone: "Europe/London",
    attendee: { name: "Ada Lovelace", email: "ada@example.com" },
    mailsAttendee: false,
    ...fields,
  };
}
