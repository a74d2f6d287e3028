-- Custom migration (drizzle-kit generate --custom): running totals follow the ledger inside the
-- database. INSERT OR IGNORE skips duplicate credits without firing the trigger, so a redelivered
-- usage event can never move a balance. Roll-ups move rows to daily_aggregates without touching totals.
CREATE TRIGGER `ledger_entries_totals` AFTER INSERT ON `ledger_entries`
BEGIN
  INSERT INTO `account_totals` (`account_id`, `kind`, `amount`, `entries`)
  VALUES (NEW.`account_id`, NEW.`kind`, NEW.`amount`, 1)
  ON CONFLICT (`account_id`, `kind`) DO UPDATE SET `amount` = `amount` + excluded.`amount`, `entries` = `entries` + 1;
END;
