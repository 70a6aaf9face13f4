-- Records are only ever written complete (a response with its write), so both columns become NOT NULL.
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_idempotency_records` (
	`scope` text NOT NULL,
	`method` text NOT NULL,
	`path` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`fingerprint` text NOT NULL,
	`response_status` integer NOT NULL,
	`response_body` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`scope`, `method`, `path`, `idempotency_key`)
);
--> statement-breakpoint
INSERT INTO `__new_idempotency_records`("scope", "method", "path", "idempotency_key", "fingerprint", "response_status", "response_body", "created_at") SELECT "scope", "method", "path", "idempotency_key", "fingerprint", "response_status", "response_body", "created_at" FROM `idempotency_records` WHERE "response_status" IS NOT NULL AND "response_body" IS NOT NULL;--> statement-breakpoint
DROP TABLE `idempotency_records`;--> statement-breakpoint
ALTER TABLE `__new_idempotency_records` RENAME TO `idempotency_records`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `idempotency_created_idx` ON `idempotency_records` (`created_at`);