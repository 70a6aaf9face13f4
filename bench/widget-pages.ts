/**
 * The pages bench/widget.ts loads besides the Worker's own: a partner's site on a second origin that
 * pastes the one script tag, and the bare page every figure is divided by.
 *
 * The bare page is the hosted page's own HTML with its scripts taken out (the widget's script tag,
 * any module preload, any JSON data block), written into dist/ so the same Worker serves it as a
 * static asset over the same loopback: the same stylesheet, favicon, headers and size, and nothing to
 * run. Its figure is what any page of ours costs a cold browser here (connection, HTML, CSS, load
 * event), so a ratio to it is what the widget adds on top. The Worker's 404 page would not do: it
 * loads /widget.js too. /api/health opened as a page (the figure before) skips the stylesheet.
 */

import { rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";

/** Served by Workers Static Assets at this path (it answers `/bench-bare-page.html` with a 307 to it). */
export const BARE_PAGE_PATH = "/bench-bare-page";
const BARE_PAGE_FILE = "bench-bare-page.html";

/** The hosted page's HTML without anything that runs: every <script> element and module preload. */
export function withoutScripts(html: string): string {
  return html.replace(/<script\b[^>]*>[\s\S]*?<\/script>\s*/gi, "").replace(/<link\b[^>]*\brel=["']?modulepreload\b[^>]*>\s*/gi, "");
}

/** Writes the bare page into the assets directory the Worker serves (it picks new files up as they appear). */
export function writeBarePage(dist: string, hostedHtml: string): void {
  const bare = withoutScripts(hostedHtml);
  if (/<script\b/i.test(bare)) throw new Error("the bare page still holds a script");
  writeFileSync(join(dist, BARE_PAGE_FILE), bare);
}

/** Until the Worker serves the bare page (it notices a new file in its assets within a moment). */
export async function barePageServed(base: string): Promise<void> {
  for (let i = 0; i < 50; i += 1) {
    if ((await fetch(`${base}${BARE_PAGE_PATH}`)).status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the Worker does not serve ${BARE_PAGE_PATH}`);
}

export function removeBarePage(dist: string): void {
  rmSync(join(dist, BARE_PAGE_FILE), { force: true });
}

/** The snippet as the docs give it, on a page like e2e/partner-site.ts's /plain.html (no page CSS). */
function partnerPage(workerOrigin: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Partner site</title>
    <link rel="icon" href="data:," />
    <script type="module" src="${workerOrigin}/widget.js"></script>
  </head>
  <body>
    <main>
      <h1>Partner site</h1>
      <p>Book a call with us:</p>
      <bookora-widget username="hepuloujun" booking-type="2"></bookora-widget>
    </main>
  </body>
</html>
`;
}

export interface PartnerSite {
  /** http://127.0.0.1:<port>, a port the system chose: another origin than the Worker's. */
  origin: string;
  embedPath: string;
  close(): Promise<void>;
}

export async function startPartnerSite(workerOrigin: string): Promise<PartnerSite> {
  const body = partnerPage(workerOrigin);
  const server: Server = createServer((request, response) => {
    if (request.url !== "/embed.html") {
      response.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("Not found\n");
      return;
    }
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    embedPath: "/embed.html",
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
