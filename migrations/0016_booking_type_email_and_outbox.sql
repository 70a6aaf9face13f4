-- Issue 23 (design-notifications.md): e-mail's outbox, one row a message written in the same commit as the
-- booking change that causes it (its id is the provider's idempotency key); and a booking type's
-- `reminders` (minutes before the start, JSON array, default [1440]) and whether its attendee and its host
-- get e-mail at all (`true` is SQLite's 1).
CREATE TABLE `notifications` (
	`id` text PRIMARY KEY NOT NULL,
	`host_id` integer NOT NULL,
	`booking_id` text NOT NULL,
	`recipient` text NOT NULL,
	`kind` text NOT NULL,
	`address` text NOT NULL,
	`status` text NOT NULL,
	`due_at` integer NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`sent_at` integer,
	`last_error` text,
	`reminder_minutes` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`host_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `notifications_due_idx` ON `notifications` (`host_id`,`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `notifications_booking_idx` ON `notifications` (`booking_id`);--> statement-breakpoint
CREATE INDEX `notifications_address_idx` ON `notifications` (`address`,`created_at`);--> statement-breakpoint
ALTER TABLE `booking_types` ADD `reminders` text DEFAULT '[1440]' NOT NULL;--> statement-breakpoint
ALTER TABLE `booking_types` ADD `email_attendee` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `booking_types` ADD `email_host` integer DEFAULT true NOT NULL;