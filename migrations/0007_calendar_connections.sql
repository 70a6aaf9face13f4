CREATE TABLE `calendar_connections` (
	`id` text PRIMARY KEY NOT NULL,
	`host_id` integer NOT NULL,
	`provider` text NOT NULL,
	`status` text NOT NULL,
	`account_email` text,
	`tokens_sealed` text,
	`last_error` text,
	`last_synced_at` integer,
	`state_hash` text,
	`state_expires_at` integer,
	`code_verifier_sealed` text,
	`return_url` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`host_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `calendar_connections_host_idx` ON `calendar_connections` (`host_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `calendar_connections_state_idx` ON `calendar_connections` (`state_hash`);--> statement-breakpoint
CREATE TABLE `calendar_events` (
	`event_key` text PRIMARY KEY NOT NULL,
	`host_id` integer NOT NULL,
	`booking_id` text NOT NULL,
	`connection_id` text NOT NULL,
	`provider` text NOT NULL,
	`calendar_id` text NOT NULL,
	`event_id` text,
	`create_attempted` integer DEFAULT false NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`requested_at` integer NOT NULL,
	`version` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`host_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `calendar_events_booking_idx` ON `calendar_events` (`booking_id`);--> statement-breakpoint
CREATE INDEX `calendar_events_due_idx` ON `calendar_events` (`host_id`,`status`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `connection_calendars` (
	`connection_id` text NOT NULL,
	`calendar_id` text NOT NULL,
	`name` text NOT NULL,
	`is_primary` integer NOT NULL,
	`check_for_conflicts` integer NOT NULL,
	`receives_events` integer NOT NULL,
	PRIMARY KEY(`connection_id`, `calendar_id`),
	FOREIGN KEY (`connection_id`) REFERENCES `calendar_connections`(`id`) ON UPDATE no action ON DELETE cascade
);
