/**
 * Where /widget.js fetches each language's strings from (`widget-chunks/locale-<language>-<hash>.js`,
 * named by the build), read from the deployed /widget.js once per isolate, so that a hosted page in
 * German can have the browser fetch German's chunk beside /widget.js (modulepreload) instead of
 * after it has run; the manage page likewise from /manage.js (`manage-chunks/locale-…`). English is
 * in the script itself. Only a hint: without the assets, or when they cannot be read, the page goes
 * without it (and the next page asks again).
 */
import type { Language } from "../locales/languages";

/** A lookup of the chunks' paths ("/widget-chunks/locale-de-Ab12_x.js"), reading `script` (/widget.js, /manage.js) from `assets` at its first use. */
export function localeChunkPaths(assets: Pick<Fetcher, "fetch"> | undefined, script: "widget.js" | "manage.js" = "widget.js") {
  let paths: Promise<Map<string, string>> | null = null;
  return async function localeChunkPath(language: Language): Promise<string | null> {
    if (language === "en" || !assets) return null;
    paths ??= readPaths(assets, script).catch(() => {
      paths = null;
      return new Map();
    });
    return (await paths).get(language) ?? null;
  };
}

async function readPaths(assets: Pick<Fetcher, "fetch">, path: string): Promise<Map<string, string>> {
  const response = await assets.fetch(`https://assets.invalid/${path}`);
  if (!response.ok) throw new Error(`/${path} answered ${response.status}`);
  const script = await response.text();
  // The build's dynamic imports: import(`./widget-chunks/locale-pt-BR-CvPN5V.js`) (a hash may hold "-"), `./manage-chunks/…` in /manage.js.
  const found = script.matchAll(/["'`]\.\/((?:widget|manage)-chunks\/locale-([A-Za-z]{2,3}(?:-[A-Za-z]{2})?)-[\w-]{6}\.js)["'`]/g);
  return new Map(Array.from(found, (match) => [match[2]!, `/${match[1]!}`]));
}
