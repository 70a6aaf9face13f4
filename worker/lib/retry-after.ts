/**
 * A Retry-After header in milliseconds: delta-seconds, or an HTTP date (RFC 9110 §10.2.3) from
 * `nowMs`; null for anything else. Only the IMF-fixdate form: Date.parse("12.5") would answer some
 * day in 2001.
 */
export function retryAfterMs(value: string | null, nowMs: number): number | null {
  const text = value?.trim() ?? "";
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(text)) return null;
  const dateMs = Date.parse(text);
  return Number.isNaN(dateMs) ? null : Math.max(0, dateMs - nowMs);
}
