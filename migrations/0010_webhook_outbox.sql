-- Delivery state and its log move from D1 into each endpoint's WebhookDispatcher storage; D1 keeps
-- only the outbox: events committed for an endpoint and not yet handed to its dispatcher.
CREATE TABLE `webhook_outbox` (
	`endpoint_id` text NOT NULL,
	`event_id` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`endpoint_id`, `event_id`),
	FOREIGN KEY (`endpoint_id`) REFERENCES `webhook_endpoints`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`event_id`) REFERENCES `webhook_events`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `webhook_outbox_event_idx` ON `webhook_outbox` (`event_id`);--> statement-breakpoint
CREATE INDEX `webhook_outbox_created_idx` ON `webhook_outbox` (`created_at`);--> statement-breakpoint
DROP TABLE `webhook_attempts`;--> statement-breakpoint
DROP TABLE `webhook_deliveries`;