-- The cancellation policy the customer booked under: a later change of the resource's
-- freeCancellationHours must not change what a cancellation refunds.
ALTER TABLE "bookings" ADD COLUMN "free_cancellation_hours" INTEGER;
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_free_cancellation_hours_not_negative" CHECK ("free_cancellation_hours" IS NULL OR "free_cancellation_hours" >= 0);
