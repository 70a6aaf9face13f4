/**
 * Intl.DateTimeFormat by locale and options, each built once: building one is far slower than using
 * it. Shared by the widget (widget/zoned-format.ts) and the e-mail (worker/notifications/compose-times.ts).
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

export function formatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = locale + JSON.stringify(options);
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, found);
  }
  return found;
}
