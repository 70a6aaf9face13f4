/**
 * E-mail's settings (design-notifications.md "Transport"), read from the Worker's vars and secrets:
 * none is in wrangler.toml, so e-mail is off until a deployment sets EMAIL_PROVIDER.
 */
import type { EmailBinding } from "./transports";

declare global {
  namespace Cloudflare {
    interface Env {
      /** "resend" or "cloudflare"; unset: no e-mail, and the booking flow is unchanged. */
      EMAIL_PROVIDER?: string;
      RESEND_API_KEY?: string;
      RESEND_API_URL?: string;
      /** The `send_email` binding, for EMAIL_PROVIDER=cloudflare. */
      EMAIL?: EmailBinding;
      /** The sender, e.g. "Bookora <bookings@example.com>". */
      EMAIL_FROM?: string;
      /** Replies' address; unset: the host's for messages to the attendee, the attendee's for the host's. */
      EMAIL_REPLY_TO?: string;
    }
  }
}
