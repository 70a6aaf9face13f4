/**
 * The Hono environment shared by every route: Cloudflare bindings plus what middleware learns
 * about the request (who is calling, its request id, the parsed body).
 */
import type { IdempotencyTicket } from "../domain/idempotency";

export type Caller =
  /** No Authorization header: public booking types only. */
  | { kind: "anonymous"; ip: string }
  /**
   * An account's service token (`bk_...`): what its scopes allow, on the account's hosts, or on one
   * host when `hostId` narrows it.
   */
  | { kind: "service"; ip: string; tokenId: string; accountId: string; hostId: number | null; scopes: readonly string[] }
  /** An attendee's manage token (`bkm_...`): the one booking it was issued for. */
  | { kind: "manage"; ip: string; tokenHash: string };

export interface AppEnv {
  Bindings: Env;
  Variables: {
    requestId: string;
    caller: Caller;
    /** The request body exactly as parsed, before validation drops unknown fields. */
    requestJson: unknown;
    /** Set on every POST by the idempotency middleware. */
    idempotency: IdempotencyTicket;
    /** True once this request's response is recorded under its key (with its write, or replayed). */
    idempotencyRecorded: boolean;
    /**
     * The bearer secret of a service-token call, for this request only (never stored or logged):
     * POST /api/tokens seals its replay under it (http/sealed-secret.ts).
     */
    bearerToken: string;
  };
}
