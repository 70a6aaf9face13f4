/**
 * The transport a deployment sends e-mail with, chosen by EMAIL_PROVIDER (design-notifications.md
 * "Transport"): none when it is unset, and an error at start-up for a setting that could never send,
 * so a misconfigured deployment fails loudly rather than dropping every message.
 */
import type { EmailTransport } from "./message-facts";
import { cloudflareTransport, type EmailBinding } from "./transport-cloudflare";
import { resendTransport } from "./transport-resend";

export type { EmailBinding } from "./transport-cloudflare";

export interface EmailEnv {
  EMAIL_PROVIDER?: string;
  RESEND_API_KEY?: string;
  /** Defaults to https://api.resend.com; the local fake's origin in development. */
  RESEND_API_URL?: string;
  /** The `send_email` binding, for EMAIL_PROVIDER=cloudflare. */
  EMAIL?: EmailBinding;
}

export function emailTransport(env: EmailEnv): EmailTransport | null {
  const provider = env.EMAIL_PROVIDER?.trim() ?? "";
  if (provider === "") return null;
  if (provider === "resend") {
    if (!env.RESEND_API_KEY?.trim()) throw new Error("EMAIL_PROVIDER is resend but RESEND_API_KEY is not set");
    return resendTransport({ apiKey: env.RESEND_API_KEY.trim(), apiUrl: resendApiUrl(env.RESEND_API_URL) });
  }
  if (provider === "cloudflare") {
    if (!env.EMAIL) throw new Error('EMAIL_PROVIDER is cloudflare but the Worker has no send_email binding named "EMAIL"');
    return cloudflareTransport(env.EMAIL);
  }
  throw new Error(`EMAIL_PROVIDER "${provider}" is not a provider: use "resend" or "cloudflare", or leave it unset for no e-mail`);
}

function resendApiUrl(value: string | undefined): string | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (!URL.canParse(text) || !/^https?:$/.test(new URL(text).protocol)) {
    throw new Error(`RESEND_API_URL "${text}" is not an http(s) URL`);
  }
  return text;
}
