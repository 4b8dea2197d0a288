-- What makes bookings safe under any concurrency, on any number of instances.

-- The resource's capacity when the booking was made (NULL on rows from before this column).
ALTER TABLE "bookings" ADD COLUMN "resource_capacity" INTEGER;
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_resource_capacity_positive" CHECK ("resource_capacity" IS NULL OR "resource_capacity" >= 1);
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_quantity_within_capacity" CHECK ("resource_capacity" IS NULL OR "quantity" <= "resource_capacity");
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_idempotency_key_length" CHECK (char_length("idempotency_key") <= 200);

-- A single-unit resource can never hold two live bookings at once, whatever the code does:
-- HOLD and CONFIRMED occupy the unit; CANCELLED, EXPIRED, COMPLETED and NO_SHOW do not.
-- A HOLD whose time ran out still counts here, so whoever books first flips overdue holds
-- of the resource to EXPIRED in the same transaction (and the expiry job does it on time).
-- Resources of capacity N are guarded by a per-resource advisory lock and an overlap sum
-- checked in the booking's transaction.
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_single_unit_no_overlap"
  EXCLUDE USING gist ("resource_id" WITH =, tstzrange("start_time", "end_time") WITH &&)
  WHERE ("resource_capacity" = 1 AND "status" IN ('HOLD', 'CONFIRMED'));

-- the expiry job's scan: holds by the time they run out
CREATE INDEX "bookings_hold_expires_at_idx" ON "bookings" ("hold_expires_at") WHERE "status" = 'HOLD';

-- Outbox ids must become visible in id order, or a reader resuming "after id N" would skip a
-- row whose transaction committed late. Each inserted row takes this transaction lock and only
-- then draws its id (replacing the one the column default drew), so ids follow commit order.
-- Writers insert outbox rows as their transaction's last statement to hold the lock briefly;
-- a statement that inserts no rows takes no lock.
CREATE FUNCTION "booking_outbox_in_commit_order"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(7270736901);
  NEW."id" := nextval(pg_get_serial_sequence('"booking_outbox"', 'id'));
  RETURN NEW;
END $$;

CREATE TRIGGER "booking_outbox_in_commit_order" BEFORE INSERT ON "booking_outbox"
  FOR EACH ROW EXECUTE FUNCTION "booking_outbox_in_commit_order"();

-- Wakes every instance's event stream at commit (NOTIFY is delivered only if the transaction
-- commits, and repeated identical notifications in one transaction are folded into one).
CREATE FUNCTION "booking_outbox_notify"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('booking_outbox', '');
  RETURN NULL;
END $$;

CREATE TRIGGER "booking_outbox_notify" AFTER INSERT ON "booking_outbox"
  FOR EACH ROW EXECUTE FUNCTION "booking_outbox_notify"();
