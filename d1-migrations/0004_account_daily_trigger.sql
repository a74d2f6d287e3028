-- Custom migration (drizzle-kit generate --custom): the ledger insert trigger also keeps
-- account_daily. INSERT OR IGNORE skips duplicates without firing it, so redelivery never moves
-- either table. Existing ledger rows and roll-ups are carried over once, here.
DROP TRIGGER IF EXISTS `ledger_entries_totals`;
--> statement-breakpoint
CREATE TRIGGER `ledger_entries_totals` AFTER INSERT ON `ledger_entries`
BEGIN
  INSERT INTO `account_totals` (`account_id`, `kind`, `amount`, `entries`)
  VALUES (NEW.`account_id`, NEW.`kind`, NEW.`amount`, 1)
  ON CONFLICT (`account_id`, `kind`) DO UPDATE SET `amount` = `amount` + excluded.`amount`, `entries` = `entries` + 1;
  INSERT INTO `account_daily` (`account_id`, `day`, `kind`, `model`, `tier`, `amount`, `entries`)
  VALUES (NEW.`account_id`, strftime('%Y-%m-%d', NEW.`created_at` / 1000, 'unixepoch'), NEW.`kind`, COALESCE(NEW.`model`, ''), COALESCE(NEW.`tier`, ''), NEW.`amount`, 1)
  ON CONFLICT (`account_id`, `day`, `kind`, `model`, `tier`) DO UPDATE SET `amount` = `amount` + excluded.`amount`, `entries` = `entries` + 1;
END;
--> statement-breakpoint
INSERT INTO `account_daily` (`account_id`, `day`, `kind`, `model`, `tier`, `amount`, `entries`)
SELECT `account_id`, `day`, `kind`, `model`, `tier`, SUM(`amount`), SUM(`entries`) FROM (
  SELECT `account_id`, strftime('%Y-%m-%d', `created_at` / 1000, 'unixepoch') AS `day`, `kind`, COALESCE(`model`, '') AS `model`, COALESCE(`tier`, '') AS `tier`, `amount`, 1 AS `entries` FROM `ledger_entries`
  UNION ALL
  SELECT `account_id`, `day`, `kind`, `model`, `tier`, `amount`, `entries` FROM `daily_aggregates`)
GROUP BY `account_id`, `day`, `kind`, `model`, `tier`;
