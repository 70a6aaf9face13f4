-- Checkout holds (design.md "Holds"): one row per hold, written with its idempotency record. The hold
-- lives in its host's Durable Object; the row says which host (renew and release name only the hold) and
-- counts an anonymous hold against its client address (at most 3 live). The hourly sweep deletes rows an
-- hour after they expire. Written by worker/host-scheduler/hold-rows.ts.
CREATE TABLE `slot_holds` (
	`id` text PRIMARY KEY NOT NULL,
	`host_id` integer NOT NULL,
	`address` text,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `slot_holds_address_idx` ON `slot_holds` (`address`,`expires_at`);--> statement-breakpoint
CREATE INDEX `slot_holds_expires_idx` ON `slot_holds` (`expires_at`);