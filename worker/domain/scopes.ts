/**
 * What a service token may do (design-management.md "Accounts and tokens"): its scopes, which write
 * scopes imply which read scopes, and what a token narrowed to one host may never hold.
 */

export const SCOPES = ["bookings:read", "bookings:write", "hosts:read", "hosts:write", "webhooks:write", "tokens:write"] as const;
export type Scope = (typeof SCOPES)[number];

/** A write scope allows the reads of the same things. */
const IMPLIED: Partial<Record<Scope, Scope>> = { "bookings:write": "bookings:read", "hosts:write": "hosts:read" };

/** Account-wide powers: a token narrowed to one host can hold neither. */
export const ACCOUNT_ONLY_SCOPES: readonly Scope[] = ["webhooks:write", "tokens:write"];

export function isScope(text: string): text is Scope {
  return (SCOPES as readonly string[]).includes(text);
}

/** Whether a token holding `held` may do what `needed` allows. */
export function hasScope(held: readonly string[], needed: Scope): boolean {
  return held.some((scope) => scope === needed || (isScope(scope) && IMPLIED[scope] === needed));
}
