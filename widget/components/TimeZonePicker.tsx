/**
 * The zone times are shown in: detected, and switchable from a list of every IANA zone, each as
 * "(UTC+01:00) Wien" (its offset now, its city in the visitor's language), searchable by city, zone
 * id or offset.
 */
import { signal } from "@preact/signals-core";
import { plural } from "../../worker/locales/format";
import { matchLanguage } from "../../worker/locales/languages";
import type { CalendarView } from "../model";
import { matchZoneChoices, timeZoneChoices, type ZoneChoice, zoneChoices } from "../time-zone-list";
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
    // The picker waits for its language's cities rather than show other names first.
    const cities = zoneCities(matchLanguage([locale]).language).value;
    if (!cities) return null;
    const current = currentZoneName(model.timeZone.value);
    const open = () => (this.isOpen.value = true);
    const choices = this.choices(this.isOpen.value ? timeZoneChoices(current) : [current], cities, t.zoneOption, locale);
    const matches = matchZoneChoices(choices, query.value);
    // The select always holds the current zone, so filtering never silently changes it.
    const options = matches.some((choice) => choice.zone === current) ? matches : [...choices.filter((choice) => choice.zone === current), ...matches];
    return (
      <div class="zone">
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
