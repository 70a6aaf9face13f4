/**
 * The D1 schema, in drizzle. Instants are stored as UTC milliseconds since the epoch (integers
 * compare and index well); a host's IANA zone is stored beside the rules it governs, and wall-clock
 * hours as minutes after local midnight. `npm run db:generate` turns changes here into migrations/.
 */
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/** A partner (a clinic, a marketplace): it owns hosts (and through them types and bookings) and tokens. */
export const accounts = sqliteTable("accounts", {
  /** "acct_…" */
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  /**
   * Origins the account lists for itself (`npm run account -- origins`), as browsers send them: where
   * a calendar connection may send its host back (calendars/return-origins.ts), besides the origins
   * its booking types embed on. Null: none.
   */
  allowedOrigins: text("allowed_origins", { mode: "json" }).$type<string[]>(),
  createdAt: integer("created_at").notNull().default(sql`(unixepoch() * 1000)`),
});

export const users = sqliteTable(
  "users",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    username: text("username").notNull().unique(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    /** The display name ("Jun Hepulou"); the username until one is set. */
    name: text("name"),
    email: text("email"),
    timeZone: text("time_zone").notNull(),
    createdAt: integer("created_at").notNull().default(sql`(unixepoch() * 1000)`),
    /** A deleted host is no longer bookable; its bookings stay, and its username is never reused. */
    deletedAt: integer("deleted_at"),
  },
  (t) => [index("users_account_idx").on(t.accountId)],
);

/**
 * Service tokens of an account: only the SHA-256 of the secret is kept (and its last 4 characters,
 * so a partner can tell tokens apart). `hostId` narrows a token to one host; `scopes` is a JSON array.
 */
export const serviceTokens = sqliteTable(
  "service_tokens",
  {
    /** "tok_…" */
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    hostId: integer("host_id").references(() => users.id),
    name: text("name").notNull(),
    scopes: text("scopes", { mode: "json" }).$type<string[]>().notNull(),
    tokenHash: text("token_hash").notNull(),
    last4: text("last4").notNull(),
    createdAt: integer("created_at").notNull().default(sql`(unixepoch() * 1000)`),
    /** Written at most once a minute per token. */
    lastUsedAt: integer("last_used_at"),
    revokedAt: integer("revoked_at"),
  },
  (t) => [uniqueIndex("service_tokens_hash_idx").on(t.tokenHash), index("service_tokens_account_idx").on(t.accountId, t.createdAt)],
);

/** A question of a booking type as stored: the wire shape of domain/contract.ts (`BookingQuestion`). */
export interface StoredQuestion {
  id: string;
  label: string;
  type: "text" | "textarea" | "select" | "checkbox" | "phone";
  required: boolean;
  options?: string[];
}

export const bookingTypes = sqliteTable(
  "booking_types",
  {
    /** The numeric id ("2" in /book/hepuloujun/2). */
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** The string id ("bt-63bb1a53"). */
    publicId: text("public_id").notNull().unique(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    title: text("title").notNull(),
    /** Default length of a booking, in minutes. */
    durationMinutes: integer("duration_minutes").notNull(),
    /** Every length a visitor may choose (JSON array of minutes); always includes the default. */
    durationOptions: text("duration_options", { mode: "json" }).$type<number[]>().notNull(),
    /** Distance between slot starts; null means "equal to the chosen duration". */
    slotIntervalMinutes: integer("slot_interval_minutes"),
    bufferBeforeMinutes: integer("buffer_before_minutes").notNull().default(0),
    bufferAfterMinutes: integer("buffer_after_minutes").notNull().default(0),
    minimumNoticeMinutes: integer("minimum_notice_minutes").notNull().default(0),
    bookingWindowDays: integer("booking_window_days").notNull().default(60),
    /** At most this many confirmed bookings of this type per host-local day; null = no cap. */
    dailyCap: integer("daily_cap"),
    isPublic: integer("is_public", { mode: "boolean" }).notNull().default(true),
    /**
     * Origins (e.g. "https://partner.example") whose pages may book this public type from a
     * browser; null = any. Calls with a service token, or without an Origin, are not affected.
     */
    allowedOrigins: text("allowed_origins", { mode: "json" }).$type<string[]>(),
    /** A human reference unique per host ("intro" in /book/hepuloujun/intro); null = none. */
    slug: text("slug"),
    description: text("description"),
    /** SQLite adds a column only with a constant default: code that inserts sets it (0 means unknown). */
    createdAt: integer("created_at").notNull().default(0),
    /** An archived type takes no new bookings; existing ones are untouched. */
    archivedAt: integer("archived_at"),
    /** What the booking form asks besides name, e-mail and notes (JSON array, in order); `[]` = nothing. */
    questions: text("questions", { mode: "json" }).$type<StoredQuestion[]>().notNull().default([]),
    /** When the attendee is reminded: minutes before the start (JSON array, at most 3, most minutes first); `[]` = never. */
    reminders: text("reminders", { mode: "json" }).$type<number[]>().notNull().default([1440]),
    /** Whether the attendee gets e-mail about bookings of this type (confirmation, changes, reminders). */
    emailAttendee: integer("email_attendee", { mode: "boolean" }).notNull().default(true),
    /** Whether the host gets e-mail about bookings of this type. */
    emailHost: integer("email_host", { mode: "boolean" }).notNull().default(true),
  },
  (t) => [index("booking_types_user_idx").on(t.userId), uniqueIndex("booking_types_host_slug_idx").on(t.userId, t.slug)],
);

/** A host's recurring hours: `weekday` is ISO (1 = Monday … 7 = Sunday), minutes after local midnight. */
export const weeklyHours = sqliteTable(
  "weekly_hours",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    weekday: integer("weekday").notNull(),
    startMinute: integer("start_minute").notNull(),
    endMinute: integer("end_minute").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.weekday, t.startMinute] })],
);

/**
 * Replaces the weekly hours on one local date: any row for a date replaces that weekday's hours.
 * An empty interval (start = end, e.g. 0–0) marks the day off; several rows give several intervals.
 */
export const dateOverrides = sqliteTable(
  "date_overrides",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    date: text("date").notNull(),
    startMinute: integer("start_minute").notNull(),
    endMinute: integer("end_minute").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.date, t.startMinute] })],
);

export const BOOKING_STATUSES = ["confirmed", "cancelled"] as const;

/**
 * Bookings. `blockStartMs`/`blockEndMs` widen the meeting by its type's buffers; two bookings of a
 * host conflict when either one's blocked range meets the other's meeting. A trigger in the
 * migrations refuses such an insert, whatever code path attempts it.
 */
export const bookings = sqliteTable(
  "bookings",
  {
    id: text("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    bookingTypeId: integer("booking_type_id")
      .notNull()
      .references(() => bookingTypes.id),
    startMs: integer("start_ms").notNull(),
    endMs: integer("end_ms").notNull(),
    blockStartMs: integer("block_start_ms").notNull(),
    blockEndMs: integer("block_end_ms").notNull(),
    status: text("status", { enum: BOOKING_STATUSES }).notNull(),
    attendeeName: text("attendee_name").notNull(),
    attendeeEmail: text("attendee_email").notNull(),
    notes: text("notes"),
    /** SHA-256 of the attendee's manage token; a rescheduled booking inherits it. */
    manageTokenHash: text("manage_token_hash"),
    rescheduledFromId: text("rescheduled_from_id"),
    rescheduledToId: text("rescheduled_to_id"),
    createdAt: integer("created_at").notNull(),
    cancelledAt: integer("cancelled_at"),
    /** The partner's own data (JSON object of strings); `{}` = none. */
    metadata: text("metadata", { mode: "json" }).$type<Record<string, string>>().notNull().default({}),
    /**
     * Answers to the type's questions by question id (JSON object), as validated when booked: later
     * changes to the questions leave them as they are. `{}` = none.
     */
    answers: text("answers", { mode: "json" }).$type<Record<string, string | boolean>>().notNull().default({}),
    /** The attendee's IANA zone and canonical BCP 47 language, as create gave them; null = not given. */
    attendeeTimeZone: text("attendee_time_zone"),
    attendeeLocale: text("attendee_locale"),
  },
  (t) => [
    index("bookings_host_time_idx").on(t.userId, t.status, t.startMs),
    // The overlap guard's lookup (migrations/0011): a host's confirmed bookings by blocked start.
    index("bookings_host_block_idx").on(t.userId, t.status, t.blockStartMs),
  ],
);

/** One committed response per (caller, method, path, Idempotency-Key), kept 24 hours. */
export const idempotencyRecords = sqliteTable(
  "idempotency_records",
  {
    scope: text("scope").notNull(),
    method: text("method").notNull(),
    path: text("path").notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    fingerprint: text("fingerprint").notNull(),
    responseStatus: integer("response_status").notNull(),
    responseBody: text("response_body").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.method, t.path, t.idempotencyKey] }), index("idempotency_created_idx").on(t.createdAt)],
);

export type UserRow = typeof users.$inferSelect;
export type BookingTypeRow = typeof bookingTypes.$inferSelect;
export type BookingRow = typeof bookings.$inferSelect;

export const CONNECTION_STATUSES = ["pending", "active", "needs_reauth", "error"] as const;
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];

/**
 * A host's link to a Google or Microsoft account (design-calendars.md). The provider's tokens are
 * kept only sealed with CALENDAR_TOKEN_KEY (AES-GCM). While an OAuth flow is open, `stateHash` holds
 * the SHA-256 of its single-use state (cleared when used) and `codeVerifierSealed` its PKCE verifier.
 */
export const calendarConnections = sqliteTable(
  "calendar_connections",
  {
    /** "cal_…" */
    id: text("id").primaryKey(),
    hostId: integer("host_id")
      .notNull()
      .references(() => users.id),
    provider: text("provider", { enum: ["google", "microsoft"] }).notNull(),
    status: text("status", { enum: CONNECTION_STATUSES }).notNull(),
    accountEmail: text("account_email"),
    /** Sealed JSON { accessToken, refreshToken, expiresAtMs }; null until the flow completes. */
    tokensSealed: text("tokens_sealed"),
    lastError: text("last_error"),
    lastSyncedAt: integer("last_synced_at"),
    stateHash: text("state_hash"),
    stateExpiresAt: integer("state_expires_at"),
    codeVerifierSealed: text("code_verifier_sealed"),
    returnUrl: text("return_url"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("calendar_connections_host_idx").on(t.hostId), uniqueIndex("calendar_connections_state_idx").on(t.stateHash)],
);

/** The calendars of a connection, and which of them count for conflicts or receive events. */
export const connectionCalendars = sqliteTable(
  "connection_calendars",
  {
    connectionId: text("connection_id")
      .notNull()
      .references(() => calendarConnections.id, { onDelete: "cascade" }),
    calendarId: text("calendar_id").notNull(),
    name: text("name").notNull(),
    isPrimary: integer("is_primary", { mode: "boolean" }).notNull(),
    checkForConflicts: integer("check_for_conflicts", { mode: "boolean" }).notNull(),
    receivesEvents: integer("receives_events", { mode: "boolean" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.connectionId, t.calendarId] })],
);

/**
 * The calendar event of a chain of bookings (a booking and what it was rescheduled to): one row per
 * chain, keyed by the booking that first asked for it, which also makes the provider's create
 * idempotent. `bookingId` is the booking that owns the event now; `eventId` the provider's id once
 * known. `wanted` and the row's times say what the calendar should show; the outbox carries it out.
 */
export const calendarEvents = sqliteTable(
  "calendar_events",
  {
    eventKey: text("event_key").primaryKey(),
    hostId: integer("host_id")
      .notNull()
      .references(() => users.id),
    bookingId: text("booking_id").notNull(),
    connectionId: text("connection_id").notNull(),
    provider: text("provider", { enum: ["google", "microsoft"] }).notNull(),
    calendarId: text("calendar_id").notNull(),
    eventId: text("event_id"),
    /** True once a create was sent: an event may exist even if its id never came back. */
    createAttempted: integer("create_attempted", { mode: "boolean" }).notNull().default(false),
    status: text("status", { enum: ["pending", "synced", "failed"] }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at").notNull(),
    lastError: text("last_error"),
    /** When the work was first asked for: retried until 24 hours after it (then `failed`). */
    requestedAt: integer("requested_at").notNull(),
    /** Counts the booking changes asking for work: a sync finishing marks the row synced only if none came meanwhile. */
    version: integer("version").notNull().default(0),
  },
  (t) => [uniqueIndex("calendar_events_booking_idx").on(t.bookingId), index("calendar_events_due_idx").on(t.hostId, t.status, t.nextAttemptAt)],
);

/**
 * E-mail's outbox (design-notifications.md): one row a message, written in the same commit as the
 * booking change that causes it, sent by the host's object after the answer. Its id is the
 * provider's idempotency key on every attempt.
 */
export const NOTIFICATION_KINDS = ["created", "rescheduled", "cancelled", "reminder"] as const;
export const notifications = sqliteTable(
  "notifications",
  {
    id: text("id").primaryKey(),
    hostId: integer("host_id")
      .notNull()
      .references(() => users.id),
    /** The booking the message is about (a reschedule's: the new booking). */
    bookingId: text("booking_id").notNull(),
    recipient: text("recipient", { enum: ["attendee", "host"] }).notNull(),
    kind: text("kind", { enum: NOTIFICATION_KINDS }).notNull(),
    /** Where it goes, as it was when the change was made. */
    address: text("address").notNull(),
    status: text("status", { enum: ["pending", "sent", "failed", "skipped"] }).notNull(),
    /** Not sent before: the change's time, or a reminder's. */
    dueAt: integer("due_at").notNull(),
    nextAttemptAt: integer("next_attempt_at").notNull(),
    attempts: integer("attempts").notNull().default(0),
    sentAt: integer("sent_at"),
    lastError: text("last_error"),
    /** A reminder's minutes before the start; null for other kinds. */
    reminderMinutes: integer("reminder_minutes"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    index("notifications_due_idx").on(t.hostId, t.status, t.nextAttemptAt),
    index("notifications_booking_idx").on(t.bookingId),
    index("notifications_address_idx").on(t.address, t.createdAt),
    // The hourly expiry of settled messages (notifications/outbox-expiry.ts).
    index("notifications_settled_idx").on(t.status, t.dueAt),
  ],
);

export type NotificationRow = typeof notifications.$inferSelect;

export type CalendarConnectionRow = typeof calendarConnections.$inferSelect;
export type CalendarEventRow = typeof calendarEvents.$inferSelect;

export const WEBHOOK_EVENT_TYPES = ["booking.created", "booking.cancelled", "booking.rescheduled"] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
/** Why an endpoint is disabled: by its owner, by a 410 Gone, or after 5 days of failures. */
export const WEBHOOK_DISABLED_REASONS = ["manual", "gone", "failing"] as const;
export const WEBHOOK_DELIVERY_STATUSES = ["pending", "delivered", "failed"] as const;

/**
 * A partner's webhook receiver (design-webhooks.md). `events` is a JSON array of event types;
 * `hostId` narrows it to one host's events. The signing secret must be used to sign, so it is kept,
 * sealed under the deployment's key (webhooks/secret-vault.ts; `whsec_…` in rows written before
 * that); after a rotation the previous one signs too, until `previousSecretExpiresAt`.
 * `failingSince` is the first failed attempt since the last success: 5 days of it disables the endpoint.
 */
export const webhookEndpoints = sqliteTable(
  "webhook_endpoints",
  {
    /** "we_…" */
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    url: text("url").notNull(),
    events: text("events", { mode: "json" }).$type<WebhookEventType[]>().notNull(),
    hostId: integer("host_id").references(() => users.id),
    description: text("description"),
    status: text("status", { enum: ["enabled", "disabled"] }).notNull(),
    disabledReason: text("disabled_reason", { enum: WEBHOOK_DISABLED_REASONS }),
    secret: text("secret").notNull(),
    previousSecret: text("previous_secret"),
    previousSecretExpiresAt: integer("previous_secret_expires_at"),
    failingSince: integer("failing_since"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("webhook_endpoints_account_idx").on(t.accountId, t.createdAt)],
);

/**
 * One committed change, as the message every endpoint receives: `body` is the exact JSON that is
 * signed and sent (never re-serialised), written in the same D1 transaction as the change. The row
 * is also the outbox (webhooks/outbox.ts): until every endpoint it is for has it in its
 * dispatcher's own storage, `handedOverAt` is null, and the minutely sweep hands it over again.
 */
export const webhookEvents = sqliteTable(
  "webhook_events",
  {
    /** "msg_…": the Standard Webhooks message id (webhook-id), the same at every endpoint and attempt. */
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull(),
    hostId: integer("host_id"),
    type: text("type").notNull(),
    body: text("body").notNull(),
    createdAt: integer("created_at").notNull(),
    /** The endpoints that wanted the event when it committed; each one's dispatcher gets it. */
    endpointIds: text("endpoint_ids", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    /** When every one of those endpoints' dispatchers had taken it (null: still in the outbox). */
    handedOverAt: integer("handed_over_at"),
  },
  (t) => [
    index("webhook_events_created_idx").on(t.createdAt),
    // The outbox: only the few events not yet handed over, by age (the minutely sweep's order).
    index("webhook_events_waiting_idx").on(t.createdAt).where(sql`${t.handedOverAt} IS NULL`),
  ],
);

export type WebhookEndpointRow = typeof webhookEndpoints.$inferSelect;

/**
 * One row per public (tokenless) create counted against its client address and host, kept about an
 * hour (migrations/0013): the hourly cap of design-notifications.md "Abuse" counts these.
 */
export const publicCreates = sqliteTable(
  "public_creates",
  {
    hostId: integer("host_id").notNull(),
    /** As the per-address rate limits count it: an IPv4 address or an IPv6 /64 (http/client-ip.ts). */
    address: text("address").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("public_creates_host_address_idx").on(t.hostId, t.address, t.createdAt), index("public_creates_created_idx").on(t.createdAt)],
);

/**
 * One row per checkout hold (design.md "Holds"), written in the hold's own commit with its
 * idempotency record. The hold itself lives in its host's Durable Object (host-scheduler/slot-holds.ts);
 * this row says which host that is (renew and release name only the hold) and counts an anonymous
 * hold against its client address. Kept until an hour after it expires (migrations/0018).
 */
export const slotHolds = sqliteTable(
  "slot_holds",
  {
    /** "hold_…": 256 random bits, the capability. */
    id: text("id").primaryKey(),
    hostId: integer("host_id").notNull(),
    /** An anonymous hold's client address, as the per-address limits count it; null for a token's hold, or with RATE_LIMITS=off. */
    address: text("address"),
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [index("slot_holds_address_idx").on(t.address, t.expiresAt), index("slot_holds_expires_idx").on(t.expiresAt)],
);
