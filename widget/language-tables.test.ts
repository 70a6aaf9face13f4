import { describe, expect, it } from "vitest";
import { languageTables } from "./language-tables";

const ENGLISH = { hello: "Hello" };
const GERMAN = { hello: "Hallo" };

describe("a language's table (language-tables.ts)", () => {
  it("is null while its chunk is on its way, then the chunk's, fetched once for every widget on the page", async () => {
    let fetches = 0;
    const strings = languageTables(ENGLISH, {
      de: () => {
        fetches += 1;
        return Promise.resolve({ default: GERMAN });
      },
    });
    const table = strings("de");
    expect(table.value).toBeNull();
    await Promise.resolve();
    await Promise.resolve();
    expect(table.value).toEqual(GERMAN);
    expect(strings("de")).toBe(table);
    expect(fetches).toBe(1);
  });

  it("is the fallback when the chunk cannot be fetched, never null for good (the skeleton would stay)", async () => {
    const table = languageTables(ENGLISH, { de: () => Promise.reject(new Error("offline")) })("de");
    expect(table.value).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(table.value).toBe(ENGLISH);
  });

  it("is the fallback at once for a language without a chunk (English, in the bundle itself)", () => {
    expect(languageTables(ENGLISH, { de: () => Promise.resolve({ default: GERMAN }) })("en").value).toBe(ENGLISH);
  });
});
