/**
 * A webhook receiver to try Bookora's webhooks locally, as a partner would write one: it verifies
 * every message with the standardwebhooks package and prints it. The README shows the same code.
 *
 *   WEBHOOK_SECRET=whsec_… npm run webhooks:receive      # listens on http://127.0.0.1:9000/hook
 */
import { createServer } from "node:http";
import { Webhook } from "standardwebhooks";

const secret = process.env.WEBHOOK_SECRET;
if (!secret) throw new Error("Set WEBHOOK_SECRET to the endpoint's secret (whsec_…), as its create answered it.");
const webhook = new Webhook(secret);
const port = Number(process.env.PORT ?? 9000);

createServer((request, response) => {
  let body = "";
  request.setEncoding("utf8");
  request.on("data", (chunk: string) => (body += chunk));
  request.on("end", () => {
    try {
      // Throws unless the signature is ours and the timestamp within 5 minutes.
      const event = webhook.verify(body, Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, String(value)]))) as {
        type: string;
        data: { booking?: { id: string; status: string; startUtc: string } };
      };
      // Deduplicate on webhook-id: a message may arrive more than once.
      console.log(
        request.headers["webhook-id"],
        event.type,
        event.data.booking?.id ?? "",
        event.data.booking?.status ?? "",
        event.data.booking?.startUtc ?? "",
      );
      response.writeHead(204).end();
    } catch (error) {
      console.error("refused:", (error as Error).message);
      response.writeHead(400).end();
    }
  });
}).listen(port, "127.0.0.1", () => console.log(`receiving on http://127.0.0.1:${port}/hook`));
