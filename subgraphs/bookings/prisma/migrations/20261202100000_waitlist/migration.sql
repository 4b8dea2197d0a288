-- The waitlist (issue 15) and the holds limit (issue 17).

CREATE TYPE "WaitlistStatus" AS ENUM ('WAITING', 'OFFERED', 'EXPIRED', 'CANCELLED');

CREATE TABLE "waitlist_entries" (
  "id"              UUID             NOT NULL,
  "customer_id"     UUID             NOT NULL,
  "resource_id"     UUID             NOT NULL,
  "start_time"      TIMESTAMPTZ(3)   NOT NULL,
  "end_time"        TIMESTAMPTZ(3)   NOT NULL,
  "quantity"        INTEGER          NOT NULL,
  "status"          "WaitlistStatus" NOT NULL,
  -- the order of the line: drawn under the resource's lock, so it is the order entries joined in
  "line_position"   BIGSERIAL        NOT NULL,
  "booking_id"      UUID,
  "idempotency_key" TEXT             NOT NULL,
  -- the customer's contact when they joined: an offer is made without asking users
  "contact_name"    TEXT,
  "contact_email"   TEXT             NOT NULL,
  "contact_phone"   TEXT,
  "created_at"      TIMESTAMPTZ(3)   NOT NULL DEFAULT clock_timestamp(),
  "updated_at"      TIMESTAMPTZ(3)   NOT NULL DEFAULT clock_timestamp(),
  CONSTRAINT "waitlist_entries_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "waitlist_entries_booking_id_fkey" FOREIGN KEY ("booking_id") REFERENCES "bookings" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  CONSTRAINT "waitlist_entries_end_after_start" CHECK ("end_time" > "start_time"),
  CONSTRAINT "waitlist_entries_quantity_positive" CHECK ("quantity" >= 1),
  CONSTRAINT "waitlist_entries_idempotency_key_present" CHECK (btrim("idempotency_key") <> '' AND char_length("idempotency_key") <= 200),
  CONSTRAINT "waitlist_entries_contact_email_present" CHECK (btrim("contact_email") <> ''),
  -- WAITING has no booking yet; OFFERED always has its HOLD
  CONSTRAINT "waitlist_entries_offer_has_booking" CHECK (
    ("status" = 'WAITING' AND "booking_id" IS NULL) OR ("status" = 'OFFERED' AND "booking_id" IS NOT NULL) OR "status" IN ('EXPIRED', 'CANCELLED')
  )
);

-- a retried joinWaitlist finds the entry its key made
CREATE UNIQUE INDEX "waitlist_entries_customer_id_idempotency_key_key" ON "waitlist_entries" ("customer_id", "idempotency_key");
-- one entry per offered booking
CREATE UNIQUE INDEX "waitlist_entries_booking_id_key" ON "waitlist_entries" ("booking_id");
-- the line of a resource, in order
CREATE INDEX "waitlist_entries_line_idx" ON "waitlist_entries" ("resource_id", "line_position") WHERE "status" = 'WAITING';
-- User.waitlist, newest first
CREATE INDEX "waitlist_entries_customer_id_created_at_idx" ON "waitlist_entries" ("customer_id", "created_at" DESC, "id");
-- the sweep of entries whose range has started
CREATE INDEX "waitlist_entries_waiting_start_idx" ON "waitlist_entries" ("start_time") WHERE "status" = 'WAITING';

-- MAX_HOLDS_PER_CUSTOMER counts a customer's HOLDs
CREATE INDEX "bookings_customer_holds_idx" ON "bookings" ("customer_id", "hold_expires_at") WHERE "status" = 'HOLD';

-- An offered entry follows its HOLD, whoever ends it (the customer, the owner, the expiry job, a
-- booking that expires overdue holds): cancelled -> CANCELLED, expired -> EXPIRED, in the same
-- statement. A CONFIRMED booking leaves its entry OFFERED.
CREATE FUNCTION "waitlist_entry_follows_booking"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "waitlist_entries" w
  SET "status" = (CASE WHEN NEW."status" = 'CANCELLED' THEN 'CANCELLED' ELSE 'EXPIRED' END)::"WaitlistStatus",
      "updated_at" = clock_timestamp()
  WHERE w."booking_id" = NEW."id" AND w."status" = 'OFFERED';
  RETURN NULL;
END $$;

CREATE TRIGGER "waitlist_entry_follows_booking" AFTER UPDATE OF "status" ON "bookings"
  FOR EACH ROW WHEN (NEW."status" IN ('CANCELLED', 'EXPIRED') AND OLD."status" IS DISTINCT FROM NEW."status")
  EXECUTE FUNCTION "waitlist_entry_follows_booking"();

-- The most units live bookings of a resource take at any one instant of [from, to): a sweep over
-- their starts (+quantity) and ends (-quantity), ends first at equal instants (ranges are
-- half-open). A booking is live while CONFIRMED, or a HOLD whose time has not run out.
CREATE FUNCTION "peak_units_in_use"(resource UUID, range_from TIMESTAMPTZ, range_to TIMESTAMPTZ) RETURNS INTEGER
LANGUAGE sql STABLE AS $$
  WITH live AS (
    SELECT greatest(b."start_time", range_from) AS "starts", least(b."end_time", range_to) AS "ends", b."quantity"
    FROM "bookings" b
    WHERE b."resource_id" = resource
      AND tstzrange(b."start_time", b."end_time") && tstzrange(range_from, range_to)
      AND (b."status" = 'CONFIRMED' OR (b."status" = 'HOLD' AND b."hold_expires_at" > now()))
  ), changes AS (
    SELECT "starts" AS "at", "quantity" AS "delta" FROM live
    UNION ALL
    SELECT "ends", -"quantity" FROM live
  )
  SELECT coalesce(max(running), 0)::int
  FROM (SELECT sum("delta") OVER (ORDER BY "at", "delta" ROWS UNBOUNDED PRECEDING) AS running FROM changes) sweep
$$;
