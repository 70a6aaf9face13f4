/**
 * The webhooks benchmark's receivers, in a process of their own: a partner's servers are not the
 * API's, and here they must not share the load generator's event loop, whose timings would then
 * count their work as the API's. bench/webhooks.ts starts this file with `fork`.
 *
 * Each receiver answers 200 (503 to a URL ending in `?dead`) and notes, per booking, how long after
 * its commit (the event's `timestamp`) the event first arrived. The process sends its URLs once
 * listening, `{ urls }`, then the arrivals in batches, `{ arrivals: [receiver, bookingId, lagMs][] }`.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export type Arrival = [receiver: number, bookingId: string, lagMs: number];
export type ReceiverMessage = { urls: string[] } | { arrivals: Arrival[] };

const RECEIVERS = Number(process.argv[2] ?? 2);
/** Arrivals go to the parent this often, not one message per POST. */
const REPORT_INTERVAL_MS = 50;

const seen = Array.from({ length: RECEIVERS }, () => new Set<string>());
let unsent: Arrival[] = [];

function receiver(index: number) {
  return createServer((request, response) => {
    let raw = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => (raw += chunk));
    // The Worker may drop a connection it is done with; that is no failure of the receiver.
    request.on("error", () => undefined);
    response.on("error", () => undefined);
    request.on("end", () => {
      if (request.url?.endsWith("?dead")) {
        response.writeHead(503).end("down");
        return;
      }
      const body = JSON.parse(raw) as { timestamp: string; data: { booking: { id: string } } };
      const bookingId = body.data.booking.id;
      if (!seen[index]!.has(bookingId)) {
        seen[index]!.add(bookingId);
        unsent.push([index, bookingId, Date.now() - Date.parse(body.timestamp)]);
      }
      response.writeHead(200).end("ok");
    });
  });
}

const servers = Array.from({ length: RECEIVERS }, (_, index) => receiver(index));
await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))));
const send = (message: ReceiverMessage) => process.send!(message);
send({ urls: servers.map((server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`) });
setInterval(() => {
  if (unsent.length === 0) return;
  send({ arrivals: unsent });
  unsent = [];
}, REPORT_INTERVAL_MS);
// The parent gone, so is the point of this process.
process.on("disconnect", () => process.exit(0));
