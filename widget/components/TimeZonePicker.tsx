/** The zone times are shown in: detected, and switchable from a searchable list of IANA zones. */
import { signal } from "@preact/signals-core";
import type { CalendarView } from "../model";
import { matchTimeZones, timeZoneChoices } from "../time-zones";
import { Tracked } from "../tracked";

export class TimeZonePicker extends Tracked<{ model: CalendarView }> {
  /** What the visitor typed in the search box. */
  readonly query = signal("");

  view({ model }: { model: CalendarView }) {
    const query = this.query;
    const current = model.timeZone.value;
    const matches = matchTimeZones(timeZoneChoices(current), query.value);
    // The select always holds the current zone, so filtering never silently changes it.
    const options = matches.includes(current) ? matches : [current, ...matches];
    return (
      <div class="zone">
        <label for="zone-select">Time zone</label>
        <select id="zone-select" value={current} onChange={(event) => model.chooseTimeZone(event.currentTarget.value)}>
          {options.map((zone) => (
            <option key={zone} value={zone}>
              {zone.replace(/_/g, " ")}
            </option>
          ))}
        </select>
        <label for="zone-search" class="zone-search-label">
          Search time zones
        </label>
        <input
          id="zone-search"
          type="search"
          autocomplete="off"
          placeholder="e.g. New York"
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
        {query.value && <p class="hint">{matches.length === 1 ? "1 zone matches" : `${matches.length} zones match`}</p>}
      </div>
    );
  }
}
