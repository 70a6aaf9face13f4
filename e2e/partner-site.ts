/**
 * A partner's website on a second origin (http://127.0.0.1:8789) for the embed tests: plain pages
 * that paste the widget snippet exactly as the docs give it, loading /widget.js from the Worker's
 * origin. No dependencies, so what runs in the browser is only the partner's HTML and our bundle.
 *
 *   /embed.html        the snippet pasted twice, plus host CSS that tries to restyle every button
 *                      and sets the root font size to 62.5% (10px, the "1rem = 10px" idiom)
 *   /strict-csp.html   a Content-Security-Policy with no 'unsafe-inline' anywhere; its stylesheet
 *                      sets html { font-size: 10px }
 *   /two-widgets.html  two widgets of different booking types on one page
 *   /plain.html        the snippet alone with no page CSS: what the others are compared with
 *   /checkout.html     a paid booking (partner-checkout/): the widget with confirm="external", a
 *                      pretend payment (/checkout.js), and the server's POST /checkout/pay, which
 *                      books the hold with the partner's service token; `?hold-seconds=N` is given
 *                      to the widget as its attribute
 */
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { payAndBook } from "./partner-checkout/pay";
import { PARTNER_ORIGIN, STRICT_CSP, WORKER_ORIGIN } from "./support/origins";

const PORT = Number(new URL(PARTNER_ORIGIN).port);
const snippet = `<script type="module" src="${WORKER_ORIGIN}/widget.js"></script>`;

function page(title: string, head: string, body: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${title}</title>
    <link rel="icon" href="data:," />
    ${head}
  </head>
  <body>
    <main>
      <h1>${title}</h1>
${body}
    </main>
  </body>
</html>
`;
}

// Host-page CSS that would wreck the widget if styles leaked into its shadow root, including through
// `rem`, which is relative to the page's root element even inside a shadow root.
const hostileCss = `html { font-size: 62.5% }
      button { background: red !important; font-size: 40px }
      .partner-button { color: rgb(0, 0, 128); padding: 3px 7px; border-radius: 0 }`;

const pages: Record<string, { headers?: Record<string, string>; body: string; type?: string }> = {
  "/embed.html": {
    body: page(
      "Partner site",
      `<style>
      ${hostileCss}
    </style>
    ${snippet}`,
      `      <p>Book a call with us:</p>
      <button type="button" class="partner-button">Subscribe to our newsletter</button>
      ${snippet}
      <bookora-widget username="hepuloujun" booking-type="2"></bookora-widget>`,
    ),
  },
  "/strict-csp.html": {
    headers: { "Content-Security-Policy": STRICT_CSP },
    body: page(
      "Partner site with a strict CSP",
      `<link rel="stylesheet" href="/partner.css" />
    ${snippet}`,
      `      <bookora-widget username="hepuloujun" booking-type="2"></bookora-widget>`,
    ),
  },
  "/two-widgets.html": {
    body: page(
      "Partner site with two widgets",
      snippet,
      `      <section aria-label="Intro call booking">
        <bookora-widget username="hepuloujun" booking-type="2"></bookora-widget>
      </section>
      <section aria-label="Consultation booking">
        <bookora-widget username="hepuloujun" booking-type="bt-63bb1a53"></bookora-widget>
      </section>`,
    ),
  },
  "/plain.html": {
    body: page("Partner site without styles", snippet, `      <bookora-widget username="hepuloujun" booking-type="2"></bookora-widget>`),
  },
  "/partner.css": { type: "text/css; charset=utf-8", body: "html { font-size: 10px; }\nbody { font-family: Georgia, serif; margin: 1rem; }\n" },
};

/** The checkout page: the widget holds the time and hands it to the page's payment (partner-checkout/checkout.js). */
function checkoutPage(holdSeconds: string | null): string {
  const ttl = holdSeconds && /^\d+$/.test(holdSeconds) ? ` hold-seconds="${holdSeconds}"` : "";
  return page(
    "Partner checkout",
    `${snippet}
    <script type="module" src="/checkout.js"></script>`,
    `      <p>Book a paid intro call: pick a time, then pay to confirm it.</p>
      <bookora-widget id="booking" username="hepuloujun" booking-type="2" confirm="external"${ttl}></bookora-widget>
      <section id="payment" aria-labelledby="payment-heading" hidden>
        <h2 id="payment-heading">Payment</h2>
        <p id="payment-summary"></p>
        <button type="button" id="pay">Pay €40</button>
      </section>
      <p id="payment-status" role="status"></p>`,
  );
}

pages["/checkout.js"] = {
  type: "text/javascript; charset=utf-8",
  body: readFileSync(new URL("./partner-checkout/checkout.js", import.meta.url), "utf8"),
};

const server = createServer((request, response) => {
  const url = new URL(request.url ?? "/", `http://127.0.0.1:${PORT}`);
  const path = url.pathname;
  if (path === "/checkout/pay" && request.method === "POST") {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => (body += chunk));
    request.on("end", () => {
      void payAndBook(body).then(
        (answer) => response.writeHead(answer.status, { "Content-Type": "application/json" }).end(JSON.stringify(answer.body)),
        (error: unknown) =>
          response.writeHead(502, { "Content-Type": "application/json" }).end(JSON.stringify({ code: "BAD_GATEWAY", message: String(error) })),
      );
    });
    return;
  }
  const found = path === "/checkout.html" ? { body: checkoutPage(url.searchParams.get("hold-seconds")) } : pages[path];
  if (!found || (request.method !== "GET" && request.method !== "HEAD")) {
    response.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("Not found\n");
    return;
  }
  response
    .writeHead(200, { "Content-Type": found.type ?? "text/html; charset=utf-8", "Cache-Control": "no-store", ...found.headers })
    .end(request.method === "HEAD" ? undefined : found.body);
});

server.listen(PORT, "127.0.0.1", () => {
  console.log(`partner site on http://127.0.0.1:${PORT}`);
});

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}
