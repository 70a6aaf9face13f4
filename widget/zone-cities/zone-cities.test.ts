import { describe, expect, it } from "vitest";
import { LANGUAGES, type Language } from "../../worker/locales/languages";
import { timeZoneChoices } from "../time-zone-list";
import { isTimeZone } from "../time-zones";

const tables = import.meta.glob<Record<string, string>>("./cities-*.ts", { import: "default", eager: true });
const sources = import.meta.glob<string>("./cities-*.ts", { query: "?raw", import: "default", eager: true });
const tableOf = (language: Language) => tables[`./cities-${language}.ts`]!;

/** The generator runs in Node (its CLDR files): imported by a name TypeScript does not follow, so the widget's program holds no Node types. */
const GENERATOR: string = "../../scripts/generate-zone-cities.ts";
const generator = (await import(/* @vite-ignore */ GENERATOR)) as {
  zoneCityTables(): Record<Language, Record<string, string>>;
  zoneCitySource(language: Language, table: Record<string, string>): string;
};

describe("the zone picker's city tables", () => {
  it("are one per language", () => {
    expect(Object.keys(tables).sort()).toEqual(LANGUAGES.map((language) => `./cities-${language}.ts`).sort());
  });

  it.each(LANGUAGES)("%s names only real IANA zones, by the names the picker lists", (language) => {
    const listed = new Set(timeZoneChoices("UTC"));
    const keys = Object.keys(tableOf(language));
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.filter((zone) => !isTimeZone(zone) || !listed.has(zone))).toEqual([]);
  });

  it("hold only names that differ from the zone id's, so English's stays small", () => {
    expect(tableOf("en")["America/Mexico_City"]).toBeUndefined();
    expect(tableOf("en")["Asia/Kolkata"]).toBeUndefined();
    expect(tableOf("en")["America/Sao_Paulo"]).toBe("São Paulo");
    expect(tableOf("de")["Europe/Vienna"]).toBe("Wien");
    expect(tableOf("de")["Europe/Berlin"]).toBeUndefined();
    expect(tableOf("ja")["Asia/Tokyo"]).toBe("東京");
    expect(tableOf("ar")["Africa/Cairo"]).toBe("القاهرة");
  });

  const generated = generator.zoneCityTables();
  it.each(LANGUAGES)("%s is what scripts/generate-zone-cities.ts writes from the installed CLDR", (language) => {
    expect(sources[`./cities-${language}.ts`]).toBe(generator.zoneCitySource(language, generated[language]));
  });
});
