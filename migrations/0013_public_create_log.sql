-- Public creates per client address and host over the last hour (design-notifications.md "Abuse": at
-- most 10 an hour). The Rate Limiting binding counts over 10 or 60 seconds only, so an hour is counted
-- here, one row per counted create; each counted create deletes the rows more than an hour old, so the
-- table holds about an hour of public creates. Written by worker/middleware/public-create-limit.ts.
CREATE TABLE `public_creates` (
	`host_id` integer NOT NULL,
	`address` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `public_creates_host_address_idx` ON `public_creates` (`host_id`,`address`,`created_at`);--> statement-breakpoint
CREATE INDEX `public_creates_created_idx` ON `public_creates` (`created_at`);
