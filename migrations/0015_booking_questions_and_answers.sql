-- Issue 22 (design.md "Metadata and answers"): a booking type's questions (a JSON array, `[]` = none);
-- a booking's metadata and answers (JSON objects, `{}` = none), and the attendee's IANA zone and BCP 47
-- language as create gave them (NULL = not given).
ALTER TABLE `booking_types` ADD `questions` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `bookings` ADD `metadata` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `bookings` ADD `answers` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `bookings` ADD `attendee_time_zone` text;--> statement-breakpoint
ALTER TABLE `bookings` ADD `attendee_locale` text;
