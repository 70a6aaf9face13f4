/**
 * The two e-mail transports and the choice between them: what Resend receives (headers, body, the
 * calendar file in base64), what each answer becomes for the outbox (sent, retry, rejected), and the
 * Email Service binding's errors; Resend is answered through a spy on fetch, the binding is a fake.
 */
import { afterEach, describe, expect, expectTypeOf, it, vi } from "vitest";
import type { OutgoingEmail } from "./message-facts";
import { cloudflareTransport } from "./transport-cloudflare";
import { resendTransport } from "./transport-resend";
import { type EmailBinding, emailTransport } from "./transports";

const INVITE = "BEGIN:VCALENDAR\r\nSUMMARY:Beratung mit Zoë – 会議\r\nEND:VCALENDAR\r\n";
const KEY = "ntf_0f8fad5b-d9cb-469f-a165-70867728950e";

const EMAIL: OutgoingEmail = {
  from: "Bookora <bookings@example.com>",
  to: "ada@example.org",
  replyTo: "host@example.com",
  subject: "Booking confirmed: Intro call",
  text: "Intro call on Monday",
  html: "<p>Intro call on Monday</p>",
  attachments: [{ filename: "invite.ics", content: INVITE, contentType: "text/calendar; method=REQUEST" }],
};

/** Answers each POST with the next of `answers` and keeps what was sent. */
function answerFetch(...answers: (() => Response | Promise<Response>)[]): Request[] {
  const requests: Request[] = [];
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    requests.push(new Request(input, init));
    const answer = answers.shift();
    if (!answer) throw new Error("no answer left for this request");
    return answer();
  });
  return requests;
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): () => Response {
  return () => Response.json(body, { status, headers });
}

function resend(timeoutMs = 1000) {
  return resendTransport({ apiKey: "re_test_key", apiUrl: "https://resend.test/", timeoutMs });
}

function utf8OfBase64(base64: string): string {
  return new TextDecoder().decode(Uint8Array.from(atob(base64), (char) => char.charCodeAt(0)));
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe("resend transport", () => {
  it("posts the e-mail to /emails with the key, the idempotency key and the calendar file in base64", async () => {
    const requests = answerFetch(json(200, { id: "em_123" }));
    const outcome = await resend().send(EMAIL, KEY);

    expect(outcome).toEqual({ status: "sent", providerId: "em_123" });
    const [request] = requests;
    expect(request?.method).toBe("POST");
    expect(request?.url).toBe("https://resend.test/emails");
    expect(request?.headers.get("authorization")).toBe("Bearer re_test_key");
    expect(request?.headers.get("idempotency-key")).toBe(KEY);
    expect(request?.headers.get("content-type")).toBe("application/json");
    expect(request?.headers.get("user-agent")).toBeTruthy();
    const body = (await request?.json()) as Record<string, unknown> & { attachments: { content: string }[] };
    expect(body).toEqual({
      from: EMAIL.from,
      to: EMAIL.to,
      reply_to: EMAIL.replyTo,
      subject: EMAIL.subject,
      text: EMAIL.text,
      html: EMAIL.html,
      attachments: [{ filename: "invite.ics", content: expect.any(String), content_type: "text/calendar; method=REQUEST" }],
    });
    expect(utf8OfBase64(body.attachments[0]?.content ?? "")).toBe(INVITE);
  });

  it("leaves reply_to out when the e-mail has none", async () => {
    const requests = answerFetch(json(200, { id: "em_1" }));
    await resend().send({ ...EMAIL, replyTo: undefined }, KEY);
    expect(await requests[0]?.json()).not.toHaveProperty("reply_to");
  });

  it("sends a retry with the same idempotency key, so Resend sends the message once", async () => {
    const requests = answerFetch(json(500, { statusCode: 500, name: "internal_server_error", message: "oops" }), json(200, { id: "em_9" }));
    const transport = resend();
    expect((await transport.send(EMAIL, KEY)).status).toBe("retry");
    expect(await transport.send(EMAIL, KEY)).toEqual({ status: "sent", providerId: "em_9" });
    expect(requests.map((request) => request.headers.get("idempotency-key"))).toEqual([KEY, KEY]);
  });

  it("counts an accepted send whose body is not JSON as sent, never to be sent again", async () => {
    answerFetch(() => new Response("ok", { status: 202 }));
    expect(await resend().send(EMAIL, KEY)).toEqual({ status: "sent", providerId: null });
  });

  it("retries a 5xx", async () => {
    answerFetch(json(500, { statusCode: 500, name: "application_error", message: "Something went wrong" }));
    expect(await resend().send(EMAIL, KEY)).toEqual({ status: "retry", error: "resend: HTTP 500 application_error: Something went wrong" });
  });

  it("retries a 429 after its Retry-After in seconds", async () => {
    answerFetch(json(429, { statusCode: 429, name: "rate_limit_exceeded", message: "Too many requests" }, { "Retry-After": "7" }));
    expect(await resend().send(EMAIL, KEY)).toEqual({ status: "retry", error: "resend: HTTP 429 rate_limit_exceeded: Too many requests", retryAfterMs: 7000 });
  });

  it("retries a 429 after its Retry-After as an HTTP date", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.parse("2026-12-06T12:00:00Z"));
    answerFetch(json(429, { statusCode: 429, name: "daily_quota_exceeded", message: "Quota" }, { "Retry-After": "Sun, 06 Dec 2026 12:02:30 GMT" }));
    const outcome = await resend().send(EMAIL, KEY);
    expect(outcome).toMatchObject({ status: "retry", retryAfterMs: 150_000 });
  });

  it("retries a 429 without a readable Retry-After on the outbox's own schedule", async () => {
    answerFetch(json(429, { statusCode: 429, name: "rate_limit_exceeded" }, { "Retry-After": "soon" }));
    const outcome = await resend().send(EMAIL, KEY);
    expect(outcome).toEqual({ status: "retry", error: "resend: HTTP 429 rate_limit_exceeded" });
  });

  it("retries a 409 for the same key still in flight at Resend", async () => {
    answerFetch(json(409, { statusCode: 409, name: "concurrent_idempotent_requests", message: "Same key in progress" }));
    expect(await resend().send(EMAIL, KEY)).toMatchObject({ status: "retry" });
  });

  it("rejects a 409 for the key used with another body", async () => {
    answerFetch(json(409, { statusCode: 409, name: "invalid_idempotent_request", message: "Same key, different payload" }));
    expect(await resend().send(EMAIL, KEY)).toMatchObject({ status: "rejected" });
  });

  it("rejects a 422 with Resend's message", async () => {
    answerFetch(json(422, { statusCode: 422, name: "validation_error", message: "Invalid `to` field.\nUse a valid address." }));
    expect(await resend().send(EMAIL, KEY)).toEqual({
      status: "rejected",
      error: "resend: HTTP 422 validation_error: Invalid `to` field. Use a valid address.",
    });
  });

  it("rejects a 403 of an unverified domain rather than retrying it for a day", async () => {
    answerFetch(json(403, { statusCode: 403, name: "validation_error", message: "The example.com domain is not verified." }));
    expect(await resend().send(EMAIL, KEY)).toMatchObject({ status: "rejected", error: expect.stringContaining("not verified") });
  });

  it("retries when Resend does not answer within the time-out", async () => {
    let aborted = false;
    vi.spyOn(globalThis, "fetch").mockImplementation((_input, init) => {
      init?.signal?.addEventListener("abort", () => {
        aborted = true;
      });
      return new Promise<Response>(() => {});
    });
    expect(await resend(30).send(EMAIL, KEY)).toEqual({ status: "retry", error: "resend: no answer within 30 ms" });
    expect(aborted).toBe(true);
  });

  it("retries when the answer's body stalls past the time-out", async () => {
    const stalled = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"id":'));
      },
    });
    answerFetch(() => new Response(stalled, { status: 200 }));
    expect(await resend(30).send(EMAIL, KEY)).toEqual({ status: "retry", error: "resend: no answer within 30 ms" });
  });

  it("retries a network failure", async () => {
    vi.spyOn(globalThis, "fetch").mockRejectedValue(new TypeError("Network connection lost."));
    expect(await resend().send(EMAIL, KEY)).toEqual({ status: "retry", error: "resend: network error (TypeError)" });
  });
});

/** A stand-in for the `send_email` binding: keeps what it is given, answers or throws as told. */
function fakeBinding(answer: () => Promise<{ messageId?: string }>) {
  const sent: Parameters<EmailBinding["send"]>[0][] = [];
  const binding: EmailBinding = {
    send: (message) => {
      sent.push(message);
      return answer();
    },
  };
  return { binding, sent };
}

function bindingError(code: string | undefined, message: string): Error {
  return Object.assign(new Error(message), code === undefined ? {} : { code });
}

describe("cloudflare transport", () => {
  it("the binding the runtime gives (SendEmail) fits what the transport calls", () => {
    expectTypeOf<SendEmail>().toExtend<EmailBinding>();
  });

  it("hands the binding the e-mail, the calendar file in base64 as an attachment, and answers its messageId", async () => {
    const { binding, sent } = fakeBinding(async () => ({ messageId: "abc@example.com" }));
    expect(await cloudflareTransport(binding).send(EMAIL, KEY)).toEqual({ status: "sent", providerId: "abc@example.com" });
    expect(sent).toEqual([
      {
        from: EMAIL.from,
        to: EMAIL.to,
        replyTo: EMAIL.replyTo,
        subject: EMAIL.subject,
        text: EMAIL.text,
        html: EMAIL.html,
        attachments: [{ filename: "invite.ics", content: expect.any(String), type: "text/calendar; method=REQUEST", disposition: "attachment" }],
      },
    ]);
    expect(utf8OfBase64(sent[0]?.attachments[0]?.content ?? "")).toBe(INVITE);
  });

  it("counts a send without a messageId as sent", async () => {
    const { binding, sent } = fakeBinding(async () => ({}));
    expect(await cloudflareTransport(binding).send({ ...EMAIL, replyTo: undefined }, KEY)).toEqual({ status: "sent", providerId: null });
    expect(sent[0]).not.toHaveProperty("replyTo");
  });

  it.each(["E_RECIPIENT_SUPPRESSED", "E_VALIDATION_ERROR", "E_SENDER_NOT_VERIFIED", "E_HEADER_NOT_ALLOWED"])("rejects %s for good", async (code) => {
    const { binding } = fakeBinding(() => Promise.reject(bindingError(code, "refused")));
    expect(await cloudflareTransport(binding).send(EMAIL, KEY)).toEqual({ status: "rejected", error: `cloudflare: ${code} refused` });
  });

  it("rejects an address the local binding's restrictions leave out", async () => {
    const { binding } = fakeBinding(() => Promise.reject(bindingError(undefined, "email to ada@example.org not allowed")));
    expect(await cloudflareTransport(binding).send(EMAIL, KEY)).toMatchObject({ status: "rejected" });
  });

  it.each(["E_RATE_LIMIT_EXCEEDED", "E_DAILY_LIMIT_EXCEEDED", "E_INTERNAL_SERVER_ERROR", "E_DELIVERY_FAILED"])("retries %s", async (code) => {
    const { binding } = fakeBinding(() => Promise.reject(bindingError(code, "try later")));
    expect(await cloudflareTransport(binding).send(EMAIL, KEY)).toEqual({ status: "retry", error: `cloudflare: ${code} try later` });
  });

  it("retries an error without a code", async () => {
    const { binding } = fakeBinding(() => Promise.reject(new Error("Network connection lost.")));
    expect(await cloudflareTransport(binding).send(EMAIL, KEY)).toEqual({ status: "retry", error: "cloudflare: Network connection lost." });
  });
});

describe("choosing the transport", () => {
  it("sends no e-mail when EMAIL_PROVIDER is unset or empty", () => {
    expect(emailTransport({})).toBeNull();
    expect(emailTransport({ EMAIL_PROVIDER: "" })).toBeNull();
    expect(emailTransport({ EMAIL_PROVIDER: "  ", RESEND_API_KEY: "re_x" })).toBeNull();
  });

  it("refuses a provider it does not know", () => {
    expect(() => emailTransport({ EMAIL_PROVIDER: "sendgrid" })).toThrow(/EMAIL_PROVIDER "sendgrid" is not a provider/);
  });

  it("refuses resend without RESEND_API_KEY, and a RESEND_API_URL that is not a URL", () => {
    expect(() => emailTransport({ EMAIL_PROVIDER: "resend" })).toThrow(/RESEND_API_KEY is not set/);
    expect(() => emailTransport({ EMAIL_PROVIDER: "resend", RESEND_API_KEY: "re_x", RESEND_API_URL: "localhost:8791" })).toThrow(/RESEND_API_URL/);
  });

  it("refuses cloudflare without the EMAIL binding", () => {
    expect(() => emailTransport({ EMAIL_PROVIDER: "cloudflare" })).toThrow(/send_email binding named "EMAIL"/);
  });

  it("sends through the binding for cloudflare", async () => {
    const { binding, sent } = fakeBinding(async () => ({ messageId: "m1" }));
    const transport = emailTransport({ EMAIL_PROVIDER: "cloudflare", EMAIL: binding });
    expect(transport?.name).toBe("cloudflare");
    expect(await transport?.send(EMAIL, KEY)).toEqual({ status: "sent", providerId: "m1" });
    expect(sent).toHaveLength(1);
  });

  it("posts to Resend's own API unless RESEND_API_URL says otherwise", async () => {
    const requests = answerFetch(json(200, { id: "em_1" }), json(200, { id: "em_2" }));
    await emailTransport({ EMAIL_PROVIDER: "resend", RESEND_API_KEY: "re_live" })?.send(EMAIL, KEY);
    await emailTransport({ EMAIL_PROVIDER: "resend", RESEND_API_KEY: "re_live", RESEND_API_URL: "http://127.0.0.1:8791" })?.send(EMAIL, KEY);
    expect(requests.map((request) => request.url)).toEqual(["https://api.resend.com/emails", "http://127.0.0.1:8791/emails"]);
    expect(requests[0]?.headers.get("authorization")).toBe("Bearer re_live");
  });
});
