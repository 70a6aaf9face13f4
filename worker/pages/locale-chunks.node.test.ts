import { describe, expect, it } from "vitest";
import { localeChunkPaths } from "./locale-chunks";

const WIDGET_JS =
  'var a={de:()=>import(`./widget-chunks/locale-de-Cn_ncF.js`),"pt-BR":()=>import(`./widget-chunks/locale-pt-BR-C-PN5V.js`),ar:()=>import("./widget-chunks/locale-ar-Dk-8y9.js")};import(`./widget-chunks/booking-steps-B9h7P3n3.js`)';

function assets(answers: Response[]) {
  let asked = 0;
  return {
    fetch: async () => {
      asked += 1;
      return answers.shift() ?? new Response(WIDGET_JS);
    },
    asked: () => asked,
  } as unknown as Fetcher & { asked(): number };
}

describe("the language chunks a hosted page preloads", () => {
  it("finds each language's chunk in /widget.js, reading it once", async () => {
    const fetcher = assets([]);
    const path = localeChunkPaths(fetcher);
    expect(await path("de")).toBe("/widget-chunks/locale-de-Cn_ncF.js");
    expect(await path("pt-BR")).toBe("/widget-chunks/locale-pt-BR-C-PN5V.js");
    expect(await path("ar")).toBe("/widget-chunks/locale-ar-Dk-8y9.js");
    expect(await path("ja")).toBeNull();
    expect(fetcher.asked()).toBe(1);
  });

  it("finds the manage page's chunks in /manage.js, asking the assets for that file", async () => {
    const asked: string[] = [];
    const manageAssets = {
      fetch: async (url: string) => {
        asked.push(url);
        return new Response("var a={de:()=>import(`./manage-chunks/locale-de-Dk_BE5.js`)};import(`./manage-chunks/manage-steps-B1b2C3d4.js`)");
      },
    } as unknown as Fetcher;
    expect(await localeChunkPaths(manageAssets, "manage.js")("de")).toBe("/manage-chunks/locale-de-Dk_BE5.js");
    expect(asked).toEqual(["https://assets.invalid/manage.js"]);
  });

  it("has nothing for English, which is in /widget.js, nor without the assets", async () => {
    expect(await localeChunkPaths(assets([]))("en")).toBeNull();
    expect(await localeChunkPaths(undefined)("de")).toBeNull();
  });

  it("goes without when /widget.js cannot be read, and reads it again for the next page", async () => {
    const fetcher = assets([new Response("gone", { status: 404 })]);
    const path = localeChunkPaths(fetcher);
    expect(await path("de")).toBeNull();
    expect(await path("de")).toBe("/widget-chunks/locale-de-Cn_ncF.js");
    expect(fetcher.asked()).toBe(2);
  });
});
