/** Our origin as browsers know it: PUBLIC_URL (without a trailing slash) where a deployment sets it, else the request's own. */
export function publicOrigin(env: { PUBLIC_URL?: string }, requestUrl: string): string {
  return env.PUBLIC_URL ? env.PUBLIC_URL.replace(/\/+$/, "") : new URL(requestUrl).origin;
}
