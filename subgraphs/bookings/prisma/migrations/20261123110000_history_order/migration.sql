-- Changes of one booking are serialised by its row lock, but two can fall in one millisecond:
-- "position" numbers them in the order they were written, so history reads back as it happened.
ALTER TABLE "booking_status_changes" ADD COLUMN "position" BIGSERIAL NOT NULL;

CREATE INDEX "booking_status_changes_booking_id_at_position_idx" ON "booking_status_changes" ("booking_id", "at", "position");
DROP INDEX "booking_status_changes_booking_id_at_id_idx";
