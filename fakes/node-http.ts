/** What the fakes' Node servers share: serving a fetch-style handler over Node's HTTP, and the command line's port. */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

/**
 * Listens on `port` of `host` (port 0: any free one), makes the fakes for the URL it got (a fake
 * names its own pages by it) and serves `route` over them; answers the URL, the fakes and how to
 * close the server, dropping any connection still open. Until the fakes are made, a request gets no
 * answer.
 */
export async function listenForFetch<Fakes>(
  port: number,
  host: string,
  make: (url: string) => Fakes,
  route: (request: Request, fakes: Fakes) => Promise<Response>,
): Promise<{ url: string; fakes: Fakes; close: () => Promise<void> }> {
  let made: { fakes: Fakes } | null = null;
  const server = createServer((incoming, outgoing) => {
    const ready = made;
    if (ready !== null) void serveFetch(incoming, outgoing, (request) => route(request, ready.fakes));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  const url = `http://${host}:${typeof address === "object" && address !== null ? address.port : port}`;
  made = { fakes: make(url) };
  return {
    url,
    fakes: made.fakes,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/**
 * Answers `incoming` with what `handle` makes of it as a fetch Request. The caller hanging up aborts
 * the request, which is what ends a "hang" fault; a handler that throws (a fault that accepts and
 * then drops the answer, or a hang the caller gave up on) closes the connection without an answer.
 */
export async function serveFetch(incoming: IncomingMessage, outgoing: ServerResponse, handle: (request: Request) => Promise<Response>): Promise<void> {
  const hangUp = new AbortController();
  outgoing.on("close", () => {
    if (!outgoing.writableFinished) hangUp.abort();
  });
  let response: Response;
  try {
    response = await handle(await toRequest(incoming, hangUp.signal));
  } catch {
    outgoing.destroy();
    return;
  }
  const body = Buffer.from(await response.arrayBuffer());
  response.headers.forEach((value, name) => {
    outgoing.setHeader(name, value);
  });
  outgoing.writeHead(response.status);
  outgoing.end(body);
}

/** The incoming request with its body read, for a fake written against fetch's Request and Response. */
async function toRequest(incoming: IncomingMessage, signal: AbortSignal): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, item);
  }
  const method = incoming.method ?? "GET";
  const body = method === "GET" || method === "HEAD" || chunks.length === 0 ? undefined : new Uint8Array(Buffer.concat(chunks));
  return new Request(new URL(incoming.url ?? "/", `http://${incoming.headers.host ?? "127.0.0.1"}`), { method, headers, body, signal });
}

/** `--port N` from the command line, else `fallback`. */
export function portFromArguments(argv: readonly string[], fallback: number): number {
  const index = argv.indexOf("--port");
  const value = index === -1 ? undefined : argv[index + 1];
  const port = value === undefined ? fallback : Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port ${value} is not a port`);
  return port;
}
