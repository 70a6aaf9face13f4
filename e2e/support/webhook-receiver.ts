/**
 * A partner's webhook receiver on loopback, as the README shows one: it verifies every message with
 * the standardwebhooks package (the specification's own library) before counting it, and answers as
 * the spec tells it to. Messages that fail verification are kept apart, so a spec can assert none did.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

export interface Delivery {
  id: string;
  timestamp: number;
  signatures: string[];
  /** Which of the trusted secrets verified it. */
  verifiedBy: string[];
  // biome-ignore lint/suspicious/noExplicitAny: specs read the fields of whichever event they wait for.
  body: { type: string; timestamp: string; data: Record<string, any> };
}

/** The status a receiver answers a message with; `attempt` counts this message id's arrivals (1, 2, …). */
export type Respond = (delivery: Delivery, attempt: number) => number;

export class WebhookReceiver {
  readonly deliveries: Delivery[] = [];
  readonly rejected: string[] = [];
  #server: Server | null = null;
  #port = 0;
  #secrets: string[] = [];

  constructor(private respond: Respond = () => 200) {}

  get url(): string {
    return `http://127.0.0.1:${this.#port}/hook`;
  }

  /** The secrets any one of which must verify a message (several during a rotation test). */
  trust(...secrets: string[]): void {
    this.#secrets = secrets;
  }

  answerWith(respond: Respond): void {
    this.respond = respond;
  }

  /** Listens on `port` (0: any free one); again on the same port after `stop`. */
  async start(port = this.#port): Promise<void> {
    this.#server = createServer((request, response) => {
      let raw = "";
      request.setEncoding("utf8");
      request.on("data", (chunk: string) => (raw += chunk));
      request.on("end", () => {
        const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, String(value)]));
        const verifiedBy = this.#secrets.filter((secret) => {
          try {
            new Webhook(secret).verify(raw, headers);
            return true;
          } catch {
            return false;
          }
        });
        if (verifiedBy.length === 0) {
          this.rejected.push(raw);
          response.writeHead(400).end("signature did not verify");
          return;
        }
        const delivery: Delivery = {
          id: headers["webhook-id"]!,
          timestamp: Number(headers["webhook-timestamp"]),
          signatures: headers["webhook-signature"]!.split(" "),
          verifiedBy,
          body: JSON.parse(raw) as Delivery["body"],
        };
        this.deliveries.push(delivery);
        const attempt = this.deliveries.filter((seen) => seen.id === delivery.id).length;
        response.writeHead(this.respond(delivery, attempt), { "content-type": "text/plain" }).end(`seen ${delivery.id}`);
      });
    });
    await new Promise<void>((resolve) => this.#server!.listen(port, "127.0.0.1", resolve));
    this.#port = (this.#server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = null;
    if (server) await new Promise((resolve) => server.close(resolve));
  }

  /** Deliveries about one booking (other specs book the same host meanwhile). */
  about(bookingId: string): Delivery[] {
    return this.deliveries.filter((delivery) => delivery.body.data.booking?.id === bookingId || delivery.body.data.previousBooking?.id === bookingId);
  }
}
