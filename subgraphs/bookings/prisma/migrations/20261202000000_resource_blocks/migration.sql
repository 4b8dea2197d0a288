-- Blocks move here from the resources database: what occupies a resource's time (its live
-- bookings and its blocks) lives in one database, written under one per-resource advisory lock
-- (createBooking, blockResource and unblockResource all take it), so a booking and a block
-- made at the same moment can never both succeed over the same time.
CREATE TABLE "resource_blocks" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "resource_id" UUID NOT NULL,
  "business_id" UUID NOT NULL,
  "start_time" TIMESTAMPTZ(3) NOT NULL,
  "end_time" TIMESTAMPTZ(3) NOT NULL,
  "reason" TEXT,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "resource_blocks_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "resource_blocks_end_after_start" CHECK ("end_time" > "start_time"),
  CONSTRAINT "resource_blocks_reason_length" CHECK (char_length("reason") <= 500)
);

-- overlap lookups by resource and range (the booking check and availability)
CREATE INDEX "resource_blocks_resource_range_idx" ON "resource_blocks" USING gist ("resource_id", tstzrange("start_time", "end_time"));
