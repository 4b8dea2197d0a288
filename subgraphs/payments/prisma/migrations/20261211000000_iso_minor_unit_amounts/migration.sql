-- ISO 4217 gives some currencies three decimals (KWD, BHD, IQD, LYD, OMR, JOD, TND) and two
-- units of account four (CLF, UYW): a commission or a partial refund in one of them is exact
-- only with that many. Widening the scale keeps every stored amount as it was (12.34 stays
-- 12.3400) and the same largest amount.
ALTER TABLE "payments" ALTER COLUMN "amount" TYPE NUMERIC(14, 4);
ALTER TABLE "refunds" ALTER COLUMN "amount" TYPE NUMERIC(14, 4);
ALTER TABLE "ledger_entries" ALTER COLUMN "amount" TYPE NUMERIC(14, 4);
