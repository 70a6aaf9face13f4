/**
 * The zone times are shown in: detected, and switchable from a list of every IANA zone, each as
 * "(UTC+01:00) Wien" (its offset now, its city in the visitor's language), searchable by city, zone
 * id or offset. The language's cities (up to 5.6 KB gzip, for Japanese) are fetched only once the
 * visitor comes near the picker; until they are in, it shows the zone by the name Intl gives it.
 */
import { signal } from "@preact/signals-core";
import { plural } from "../../worker/locales/format";
import { matchLanguage } from "../../worker/locales/languages";
import type { CalendarView } from "../model";
import { matchZoneChoices, namedZoneChoice, timeZoneChoices, type ZoneChoice, zoneChoices } from "../time-zone-list";
import { Tracked } from "../tracked";
import { zoneCities } from "../zone-cities/zone-cities";
import { currentZoneName } from "../zone-names";

/** How long a list's offsets are taken as current: a zone's offset changes on the hour at most. */
const OFFSETS_KEPT_MS = 60_000;

export class TimeZonePicker extends Tracked<{ model: CalendarView }> {
  /** What the visitor typed in the search box. */
  readonly query = signal("");
  /**
   * Whether the visitor has turned to the picker (focused or pressed its list, or its search). Until
   * then it lists only the zone shown: the whole list, 400-odd zones' offsets, takes 50–90 ms of the
   * main thread, which would otherwise fall just after the first slot shows, as the visitor reaches
   * for a time.
   */
  readonly isOpen = signal(false);
  /**
   * Whether the visitor has come near the picker (a pointer over it, a finger on it, the focus in
   * it): from then on its language's cities are fetched, which a visitor who keeps the zone never
   * needs. A pointer enters (touch too) before the press that opens the list, so they are usually in by then.
   */
  readonly isNear = signal(false);
  /** The list last made and what it was made from: 400-odd zones' offsets are not worth finding on every key. */
  listed: { key: unknown[]; madeAt: number; choices: ZoneChoice[] } | null = null;

  choices(zones: string[], cities: Readonly<Record<string, string>>, template: string, locale: string): ZoneChoice[] {
    const now = Date.now();
    const key = [zones, cities, template, locale];
    const last = this.listed;
    if (last && now - last.madeAt < OFFSETS_KEPT_MS && key.every((part, index) => part === last.key[index])) return last.choices;
    this.listed = { key, madeAt: now, choices: zoneChoices(zones, cities, template, locale, now) };
    return this.listed.choices;
  }

  view({ model }: { model: CalendarView }) {
    const query = this.query;
    // Rendered only once the strings are in (App).
    const t = model.strings.value!;
    const locale = model.locale.value;
    const cities = this.isNear.value ? zoneCities(matchLanguage([locale]).language).value : null;
    const current = currentZoneName(model.timeZone.value);
    const near = () => (this.isNear.value = true);
    const open = () => {
      near();
      this.isOpen.value = true;
    };
    // Until the cities are in, the list holds the zone shown alone, by Intl's name for it: no other
    // language's city names show first, and the visitor's choice is never lost.
    const choices = cities
      ? this.choices(this.isOpen.value ? timeZoneChoices(current) : [current], cities, t.zoneOption, locale)
      : [namedZoneChoice(current, t.zoneOption, locale, Date.now())];
    const matches = matchZoneChoices(choices, query.value);
    // The select always holds the current zone, so filtering never silently changes it.
    const options = matches.some((choice) => choice.zone === current) ? matches : [...choices.filter((choice) => choice.zone === current), ...matches];
    return (
      <div class="zone" onPointerEnter={near} onFocusIn={near}>
        <label for="zone-select">{t.timeZone}</label>
        <select id="zone-select" value={current} onFocus={open} onMouseDown={open} onChange={(event) => model.chooseTimeZone(event.currentTarget.value)}>
          {options.map((choice) => (
            <option key={choice.zone} value={choice.zone}>
              {choice.label}
            </option>
          ))}
        </select>
        <label for="zone-search" class="zone-search-label">
          {t.searchZones}
        </label>
        <input
          id="zone-search"
          type="search"
          autocomplete="off"
          placeholder={t.zoneExample}
          value={query.value}
          onFocus={open}
          onInput={(event) => (query.value = event.currentTarget.value)}
          onKeyDown={(event) => {
            // Enter takes the best match, so "kathmandu⏎" or "+0545⏎" is enough.
            const best = matches[0];
            if (event.key !== "Enter" || !best) return;
            event.preventDefault();
            model.chooseTimeZone(best.zone);
            query.value = "";
          }}
        />
        {query.value && <p class="hint">{plural(t.zonesMatch, matches.length, locale)}</p>}
      </div>
    );
  }
}
