-- The outbox had one row per event and endpoint: a booking with three endpoints wrote four rows in
-- its commit, and three deletes followed. The event row is now the outbox itself: it names the
-- endpoints it is for, and `handed_over_at` is set once all of their dispatchers have it. Events still
-- waiting keep the endpoints that had not taken them; the rest are marked handed over (the endpoints
-- they went to are not recorded here: each dispatcher's log has its own).
ALTER TABLE `webhook_events` ADD `endpoint_ids` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `webhook_events` ADD `handed_over_at` integer;--> statement-breakpoint
UPDATE `webhook_events` SET `endpoint_ids` = (
  SELECT json_group_array(o.`endpoint_id`) FROM `webhook_outbox` AS o WHERE o.`event_id` = `webhook_events`.`id`
) WHERE EXISTS (SELECT 1 FROM `webhook_outbox` AS o WHERE o.`event_id` = `webhook_events`.`id`);--> statement-breakpoint
UPDATE `webhook_events` SET `handed_over_at` = `created_at` WHERE `endpoint_ids` = '[]';--> statement-breakpoint
DROP TABLE `webhook_outbox`;--> statement-breakpoint
CREATE INDEX `webhook_events_waiting_idx` ON `webhook_events` (`created_at`) WHERE "webhook_events"."handed_over_at" IS NULL;
