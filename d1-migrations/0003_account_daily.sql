CREATE TABLE `account_daily` (
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
DROP INDEX `ledger_account_time_idx`;