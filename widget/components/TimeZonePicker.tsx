/** The zone times are shown in: detected, and switchable from a searchable list of IANA zones. */
import { signal } from "@preact/signals-core";
import { plural } from "../../worker/locales/format";
import type { CalendarView } from "../model";
import { matchTimeZones, timeZoneChoices } from "../time-zone-list";
import { Tracked } from "../tracked";

export class TimeZonePicker extends Tracked<{ model: CalendarView }> {
  /** What the visitor typed in the search box. */
  readonly query = signal("");

  view({ model }: { model: CalendarView }) {
    const query = this.query;
    // Rendered only once the strings are in (App).
    const t = model.strings.value!;
    const current = model.timeZone.value;
    const matches = matchTimeZones(timeZoneChoices(current), query.value);
    // The select always holds the current zone, so filtering never silently changes it.
    const options = matches.includes(current) ? matches : [current, ...matches];
    return (
      <div class="zone">
        <label for="zone-select">{t.timeZone}</label>
        <select id="zone-select" value={current} onChange={(event) => model.chooseTimeZone(event.currentTarget.value)}>
          {options.map((zone) => (
            <option key={zone} value={zone}>
              {zone.replace(/_/g, " ")}
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
          onInput={(event) => (query.value = event.currentTarget.value)}
          onKeyDown={(event) => {
            // Enter takes the best match, so "kathmandu⏎" is enough.
            const best = matches[0];
            if (event.key !== "Enter" || !best) return;
            event.preventDefault();
            model.chooseTimeZone(best);
            query.value = "";
          }}
        />
        {query.value && <p class="hint">{plural(t.zonesMatch, matches.length, model.locale.value)}</p>}
      </div>
    );
  }
}
