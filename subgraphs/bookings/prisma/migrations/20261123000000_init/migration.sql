-- GiST indexes over (uuid, range) need btree_gist for the uuid part.
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TYPE "BookingStatus" AS ENUM ('HOLD', 'CONFIRMED', 'COMPLETED', 'CANCELLED', 'EXPIRED', 'NO_SHOW');
CREATE TYPE "BookingEventType" AS ENUM ('CREATED', 'CONFIRMED', 'CANCELLED', 'EXPIRED', 'COMPLETED', 'NO_SHOW', 'PAYMENT_UPDATED');
CREATE TYPE "Role" AS ENUM ('CUSTOMER', 'VENDOR', 'ADMIN');
CREATE TYPE "ResourceType" AS ENUM ('HOTEL_ROOM', 'DOCTOR_SLOT', 'SALON_CHAIR', 'DESK', 'OTHER');
CREATE TYPE "PriceUnit" AS ENUM ('HOUR', 'DAY', 'NIGHT', 'SLOT');

CREATE TABLE "bookings" (
  "id"                     UUID            NOT NULL DEFAULT gen_random_uuid(),
  "booking_number"         TEXT            NOT NULL,
  "customer_id"            UUID            NOT NULL,
  "resource_id"            UUID            NOT NULL,
  "business_id"            UUID            NOT NULL,
  "business_owner_id"      UUID            NOT NULL,
  "status"                 "BookingStatus" NOT NULL DEFAULT 'HOLD',
  "start_time"             TIMESTAMPTZ(3)  NOT NULL,
  "end_time"               TIMESTAMPTZ(3)  NOT NULL,
  "quantity"               INTEGER         NOT NULL,
  "units"                  INTEGER         NOT NULL,
  "snapshot_business_name" TEXT            NOT NULL,
  "snapshot_resource_name" TEXT            NOT NULL,
  "snapshot_resource_type" "ResourceType"  NOT NULL,
  "unit_price"             NUMERIC(12, 2)  NOT NULL,
  "currency"               TEXT            NOT NULL,
  "price_unit"             "PriceUnit"     NOT NULL,
  "timezone"               TEXT            NOT NULL,
  "total"                  NUMERIC(12, 2)  NOT NULL,
  "contact_name"           TEXT,
  "contact_email"          TEXT            NOT NULL,
  "contact_phone"          TEXT,
  "notes"                  TEXT,
  "hold_expires_at"        TIMESTAMPTZ(3),
  "cancelled_at"           TIMESTAMPTZ(3),
  "cancel_reason"          TEXT,
  "cancelled_by"           "Role",
  "idempotency_key"        TEXT            NOT NULL,
  "created_at"             TIMESTAMPTZ(3)  NOT NULL DEFAULT now(),
  "updated_at"             TIMESTAMPTZ(3)  NOT NULL DEFAULT now(),
  CONSTRAINT "bookings_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "bookings_booking_number_present" CHECK (btrim("booking_number") <> ''),
  CONSTRAINT "bookings_end_after_start" CHECK ("end_time" > "start_time"),
  CONSTRAINT "bookings_quantity_positive" CHECK ("quantity" >= 1),
  CONSTRAINT "bookings_units_positive" CHECK ("units" >= 1),
  CONSTRAINT "bookings_unit_price_not_negative" CHECK ("unit_price" >= 0),
  CONSTRAINT "bookings_currency_iso" CHECK ("currency" ~ '^[A-Z]{3}$'),
  -- the contract's rule, exact in NUMERIC: total = unitPrice x units x quantity
  CONSTRAINT "bookings_total_is_price_times_units" CHECK ("total" = "unit_price" * "units" * "quantity"),
  CONSTRAINT "bookings_contact_email_present" CHECK (btrim("contact_email") <> ''),
  CONSTRAINT "bookings_idempotency_key_present" CHECK (btrim("idempotency_key") <> ''),
  CONSTRAINT "bookings_hold_has_expiry" CHECK ("status" <> 'HOLD' OR "hold_expires_at" IS NOT NULL),
  CONSTRAINT "bookings_cancelled_has_time" CHECK (("status" = 'CANCELLED') = ("cancelled_at" IS NOT NULL))
);

CREATE UNIQUE INDEX "bookings_booking_number_key" ON "bookings" ("booking_number");
-- a retried createBooking finds the booking its key made
CREATE UNIQUE INDEX "bookings_customer_id_idempotency_key_key" ON "bookings" ("customer_id", "idempotency_key");
-- the keyset lists under a customer, a business and a resource
CREATE INDEX "bookings_customer_id_created_at_id_idx" ON "bookings" ("customer_id", "created_at", "id");
CREATE INDEX "bookings_business_id_created_at_id_idx" ON "bookings" ("business_id", "created_at", "id");
CREATE INDEX "bookings_resource_id_created_at_id_idx" ON "bookings" ("resource_id", "created_at", "id");
-- overlap queries: which bookings of a resource meet a time range
CREATE INDEX "bookings_resource_id_period_idx" ON "bookings" USING GIST ("resource_id", tstzrange("start_time", "end_time"));

CREATE TABLE "booking_status_changes" (
  "id"          UUID            NOT NULL DEFAULT gen_random_uuid(),
  "booking_id"  UUID            NOT NULL,
  "from_status" "BookingStatus",
  "to_status"   "BookingStatus" NOT NULL,
  "at"          TIMESTAMPTZ(3)  NOT NULL DEFAULT now(),
  "reason"      TEXT,
  CONSTRAINT "booking_status_changes_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "booking_status_changes_booking_id_fkey" FOREIGN KEY ("booking_id") REFERENCES "bookings" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "booking_status_changes_is_a_change" CHECK ("from_status" IS DISTINCT FROM "to_status")
);

CREATE INDEX "booking_status_changes_booking_id_at_id_idx" ON "booking_status_changes" ("booking_id", "at", "id");

CREATE TABLE "booking_outbox" (
  "id"           BIGSERIAL          NOT NULL,
  "booking_id"   UUID               NOT NULL,
  "event_type"   "BookingEventType" NOT NULL,
  "payload"      JSONB              NOT NULL,
  "created_at"   TIMESTAMPTZ(3)     NOT NULL DEFAULT now(),
  "published_at" TIMESTAMPTZ(3),
  CONSTRAINT "booking_outbox_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "booking_outbox_booking_id_fkey" FOREIGN KEY ("booking_id") REFERENCES "bookings" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE INDEX "booking_outbox_booking_id_idx" ON "booking_outbox" ("booking_id");
