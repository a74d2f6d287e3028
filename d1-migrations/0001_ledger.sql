CREATE TABLE `account_totals` (
	`account_id` text NOT NULL,
	`kind` text NOT NULL,
	`amount` integer NOT NULL,
	`entries` integer NOT NULL,
	PRIMARY KEY(`account_id`, `kind`)
);
--> statement-breakpoint
CREATE TABLE `daily_aggregates` (
	`account_id` text NOT NULL,
	`day` text NOT NULL,
	`kind` text NOT NULL,
	`model` text DEFAULT '' NOT NULL,
	`tier` text DEFAULT '' NOT NULL,
	`amount` integer NOT NULL,
	`entries` integer NOT NULL,
	PRIMARY KEY(`account_id`, `day`, `kind`, `model`, `tier`)
);
--> statement-breakpoint
CREATE TABLE `epoch_payouts` (
	`epoch` text NOT NULL,
	`account_id` text NOT NULL,
	`points` integer NOT NULL,
	`payout_cents` integer NOT NULL,
	PRIMARY KEY(`epoch`, `account_id`)
);
--> statement-breakpoint
CREATE INDEX `epoch_payouts_account_idx` ON `epoch_payouts` (`account_id`);--> statement-breakpoint
CREATE TABLE `epochs` (
	`epoch` text PRIMARY KEY NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`revenue_cents` integer NOT NULL,
	`total_points` integer NOT NULL,
	`closed_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `job_state` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `ledger_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`request_id` text NOT NULL,
	`account_id` text NOT NULL,
	`kind` text NOT NULL,
	`amount` integer NOT NULL,
	`source_account` text NOT NULL,
	`service` text,
	`model` text,
	`tier` text,
	`tokens` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ledger_idem_idx` ON `ledger_entries` (`request_id`,`account_id`,`kind`);--> statement-breakpoint
CREATE INDEX `ledger_account_time_idx` ON `ledger_entries` (`account_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `ledger_time_idx` ON `ledger_entries` (`created_at`);