/**
 * The fake Resend server over real loopback HTTP, as the transport, the e2e suite and a developer's
 * browser meet it: the API's answers, exactly-once under Idempotency-Key, each fault, and the inbox pages.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FakeMailServer, startFakeMailServer } from "./fake-mail-server";
import { FakeResend } from "./fake-resend";

let server: FakeMailServer;

beforeAll(async () => {
  server = await startFakeMailServer(0, { hangLimitMs: 5_000 });
});
afterAll(() => server.close());
beforeEach(() => control("POST", "reset"));

const ICS = "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n";

function email(overrides: Record<string, unknown> = {}) {
  return {
    from: "Bookora <bookings@example.com>",
    to: "ada@example.com",
    subject: "Booked: Intro call",
    text: "You are booked.",
    html: "<p>You are <b>booked</b>.</p>",
    attachments: [{ filename: "invite.ics", content: btoa(ICS), content_type: "text/calendar; method=REQUEST; charset=utf-8" }],
    ...overrides,
  };
}

function send(body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<Response> {
  return fetch(`${server.url}/emails`, {
    method: "POST",
    headers: { Authorization: `Bearer ${server.env.RESEND_API_KEY}`, "Content-Type": "application/json", ...headers },
    body: JSON.stringify(body),
    signal,
  });
}

async function control(method: string, action: string, body?: unknown): Promise<Response> {
  return fetch(`${server.url}/control/${action}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
}

async function received(): Promise<
  Array<{ id: string; to: string[]; subject: string; attachments: Array<{ filename: string; contentType: string; text: string }> }>
> {
  return ((await (await control("GET", "messages")).json()) as { data: [] }).data;
}

describe("POST /emails", () => {
  it("accepts a send with a uuid and lists it with its calendar file decoded", async () => {
    const answer = await send(email({ to: ["ada@example.com", "bo@example.com"] }));
    expect(answer.status).toBe(200);
    const { id } = (await answer.json()) as { id: string };
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const [message] = await received();
    expect(message).toMatchObject({ id, to: ["ada@example.com", "bo@example.com"], subject: "Booked: Intro call" });
    expect(message?.attachments).toEqual([
      expect.objectContaining({ filename: "invite.ics", contentType: "text/calendar; method=REQUEST; charset=utf-8", text: ICS }),
    ]);
  });

  it("answers 401 missing_api_key without a bearer key and 403 invalid_api_key with another", async () => {
    const missing = await fetch(`${server.url}/emails`, { method: "POST", body: JSON.stringify(email()) });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ statusCode: 401, name: "missing_api_key" });
    const wrong = await send(email(), { Authorization: "Bearer re_not_it" });
    expect(wrong.status).toBe(403);
    expect(await wrong.json()).toMatchObject({ name: "invalid_api_key" });
    expect(await received()).toEqual([]);
  });

  it("answers 422 missing_required_field naming the missing field, and stores nothing", async () => {
    const { to: _to, ...withoutTo } = email();
    const answer = await send(withoutTo);
    expect(answer.status).toBe(422);
    expect(await answer.json()).toEqual({ statusCode: 422, name: "missing_required_field", message: "Missing `to` field." });
    const badAttachment = await send(email({ attachments: [{ filename: "invite.ics", content: "not base64!" }] }));
    expect(badAttachment.status).toBe(422);
    expect(await badAttachment.json()).toMatchObject({ name: "validation_error" });
    expect(await received()).toEqual([]);
  });

  it("sends once per Idempotency-Key: the same body answers the same id, another body 409", async () => {
    const first = (await (await send(email(), { "Idempotency-Key": "outbox-1" })).json()) as { id: string };
    const again = await send(email(), { "Idempotency-Key": "outbox-1" });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ id: first.id });
    const changed = await send(email({ subject: "Other" }), { "Idempotency-Key": "outbox-1" });
    expect(changed.status).toBe(409);
    expect(await changed.json()).toMatchObject({ name: "invalid_idempotent_request" });
    expect((await received()).map((message) => message.id)).toEqual([first.id]);
  });

  it("sends again with the same Idempotency-Key once 24 hours have passed", async () => {
    let nowMs = Date.parse("2026-03-02T09:00:00Z");
    const resend = new FakeResend({ now: () => nowMs });
    const post = () =>
      resend.fetch(
        new Request("https://resend.fake/emails", {
          method: "POST",
          headers: { Authorization: `Bearer ${resend.apiKey}`, "Idempotency-Key": "outbox-1" },
          body: JSON.stringify(email()),
        }),
      );
    const first = (await (await post()).json()) as { id: string };
    nowMs += 24 * 60 * 60 * 1000 - 1;
    expect(await (await post()).json()).toEqual(first);
    nowMs += 1;
    expect(await (await post()).json()).not.toEqual(first);
    expect(resend.messages()).toHaveLength(2);
  });
});

describe("faults", () => {
  it("answers 500 application_error for the next N sends, then accepts", async () => {
    await control("POST", "fault", { fault: "server_error", times: 2 });
    expect((await send(email())).status).toBe(500);
    const second = await send(email());
    expect(second.status).toBe(500);
    expect(await second.json()).toMatchObject({ name: "application_error" });
    expect((await send(email())).status).toBe(200);
    expect(await received()).toHaveLength(1);
  });

  it("answers 429 with the Retry-After it was given", async () => {
    await control("POST", "fault", { fault: "rate_limited", times: 1, retryAfter: 7 });
    const answer = await send(email());
    expect(answer.status).toBe(429);
    expect(answer.headers.get("Retry-After")).toBe("7");
    expect(await answer.json()).toMatchObject({ name: "rate_limit_exceeded" });
  });

  it("hangs until the caller gives up, and stores nothing", async () => {
    await control("POST", "fault", { fault: "hang", times: 1 });
    await expect(send(email(), {}, AbortSignal.timeout(200))).rejects.toThrow();
    expect(await received()).toEqual([]);
  });

  it("accepts then drops the connection; the retry with the same key answers the stored id and sends nothing new", async () => {
    await control("POST", "fault", { fault: "commit_then_drop", times: 1 });
    await expect(send(email(), { "Idempotency-Key": "outbox-2" })).rejects.toThrow();
    const [stored] = await received();
    expect(stored).toBeDefined();
    const retry = await send(email(), { "Idempotency-Key": "outbox-2" });
    expect(await retry.json()).toEqual({ id: stored?.id });
    expect(await received()).toHaveLength(1);
    expect(await (await control("GET", "state")).json()).toMatchObject({ calls: 2, messages: 1, faults: [] });
  });

  it("refuses a fault the mail fake does not play with a 400 naming the ones it does", async () => {
    const answer = await control("POST", "fault", { fault: "invalid_grant" });
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { error: string }).error).toContain("rate_limited");
  });
});

describe("inbox pages", () => {
  it("lists messages newest first, escaped, and opens each with its text, sandboxed HTML and attachment", async () => {
    await send(email({ subject: "First <b>one</b>" }));
    const { id } = (await (await send(email({ subject: "Second", html: '<p>Hi</p><img src="https://tracker.example/x.png">' }))).json()) as { id: string };
    const inbox = await fetch(`${server.url}/`);
    expect(inbox.headers.get("Content-Security-Policy")).toContain("default-src 'none'");
    const list = await inbox.text();
    expect(list.indexOf("Second")).toBeLessThan(list.indexOf("First &lt;b&gt;one&lt;/b&gt;"));
    expect(list).toContain(`href="/messages/${id}"`);
    expect(list).not.toContain("<script");

    const page = await (await fetch(`${server.url}/messages/${id}`)).text();
    expect(page).toContain("<pre>You are booked.</pre>");
    expect(page).toContain('<iframe sandbox srcdoc="&lt;p&gt;Hi&lt;/p&gt;&lt;img src=&quot;https://tracker.example/x.png&quot;&gt;"');
    expect(page).toContain(`href="/messages/${id}/attachments/0"`);

    const download = await fetch(`${server.url}/messages/${id}/attachments/0`);
    expect(download.headers.get("Content-Type")).toBe("text/calendar; method=REQUEST; charset=utf-8");
    expect(download.headers.get("Content-Disposition")).toBe('attachment; filename="invite.ics"');
    expect(await download.text()).toBe(ICS);
    expect((await fetch(`${server.url}/messages/${id}/attachments/1`)).status).toBe(404);
    expect((await fetch(`${server.url}/messages/no-such-id`)).status).toBe(404);
  });
});
