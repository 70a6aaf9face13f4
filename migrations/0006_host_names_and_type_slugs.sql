-- Hosts get a display name, an e-mail and a deletion mark; booking types a slug (unique per host),
-- a description, a creation time and an archive mark (design-management.md).
ALTER TABLE `booking_types` ADD `slug` text;--> statement-breakpoint
ALTER TABLE `booking_types` ADD `description` text;--> statement-breakpoint
ALTER TABLE `booking_types` ADD `created_at` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `booking_types` ADD `archived_at` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `booking_types_host_slug_idx` ON `booking_types` (`user_id`,`slug`);--> statement-breakpoint
ALTER TABLE `users` ADD `name` text;--> statement-breakpoint
ALTER TABLE `users` ADD `email` text;--> statement-breakpoint
ALTER TABLE `users` ADD `deleted_at` integer;--> statement-breakpoint
-- Types that existed before this migration were created no later than now.
UPDATE `booking_types` SET `created_at` = unixepoch() * 1000 WHERE `created_at` = 0;
