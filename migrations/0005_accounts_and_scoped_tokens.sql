-- Accounts own hosts and tokens (design-management.md). Hosts that exist already each get an account
-- of their own ("acct_host_<id>"); tokens keep working, narrowed to the host they belonged to, with the
-- scopes a host token had in effect (bookings:write, hosts:write). The demo seed then moves its hosts
-- into the account "demo". Old tokens' last 4 characters were never kept: they read "????".
CREATE TABLE `accounts` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
INSERT INTO `accounts` (`id`, `name`, `created_at`) SELECT 'acct_host_' || `id`, `username`, `created_at` FROM `users`;--> statement-breakpoint
-- users cannot be rebuilt (every other table references it, and D1 checks foreign keys at the end of
-- the migration), and SQLite adds a referencing column only as nullable: the triggers below make
-- account_id required all the same.
ALTER TABLE `users` ADD `account_id` text REFERENCES accounts(id);--> statement-breakpoint
UPDATE `users` SET `account_id` = 'acct_host_' || `id`;--> statement-breakpoint
CREATE TRIGGER `users_account_required_on_insert` BEFORE INSERT ON `users` WHEN NEW.`account_id` IS NULL
BEGIN SELECT RAISE(ABORT, 'NOT NULL constraint failed: users.account_id'); END;--> statement-breakpoint
CREATE TRIGGER `users_account_required_on_update` BEFORE UPDATE OF `account_id` ON `users` WHEN NEW.`account_id` IS NULL
BEGIN SELECT RAISE(ABORT, 'NOT NULL constraint failed: users.account_id'); END;--> statement-breakpoint
CREATE INDEX `users_account_idx` ON `users` (`account_id`);--> statement-breakpoint
CREATE TABLE `__new_service_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`host_id` integer,
	`name` text NOT NULL,
	`scopes` text NOT NULL,
	`token_hash` text NOT NULL,
	`last4` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`last_used_at` integer,
	`revoked_at` integer,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`host_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_service_tokens` (`id`, `account_id`, `host_id`, `name`, `scopes`, `token_hash`, `last4`, `created_at`, `revoked_at`)
	SELECT `id`, 'acct_host_' || `user_id`, `user_id`, COALESCE(`label`, `prefix`), '["bookings:write","hosts:write"]', `token_hash`, '????', `created_at`, `revoked_at`
	FROM `service_tokens`;--> statement-breakpoint
DROP TABLE `service_tokens`;--> statement-breakpoint
ALTER TABLE `__new_service_tokens` RENAME TO `service_tokens`;--> statement-breakpoint
CREATE UNIQUE INDEX `service_tokens_hash_idx` ON `service_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `service_tokens_account_idx` ON `service_tokens` (`account_id`,`created_at`);
