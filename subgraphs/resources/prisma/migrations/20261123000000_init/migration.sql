CREATE TYPE "BusinessType" AS ENUM ('HOTEL', 'CLINIC', 'SALON', 'CO_WORKING', 'OTHER');
CREATE TYPE "BusinessStatus" AS ENUM ('PENDING', 'ACTIVE', 'INACTIVE', 'SUSPENDED', 'DELETED');
CREATE TYPE "ResourceType" AS ENUM ('HOTEL_ROOM', 'DOCTOR_SLOT', 'SALON_CHAIR', 'DESK', 'OTHER');
CREATE TYPE "PriceUnit" AS ENUM ('HOUR', 'DAY', 'NIGHT', 'SLOT');
CREATE TYPE "ResourceStatus" AS ENUM ('ACTIVE', 'INACTIVE', 'MAINTENANCE', 'DELETED');

-- A replica of what search and visibility need to know about each business. The businesses
-- subgraph owns these facts and keeps this table in sync; resources rows point at it, so a
-- resource can never belong to a business this database has not heard of.
CREATE TABLE "businesses" (
  "id"         UUID             NOT NULL,
  "owner_id"   UUID             NOT NULL,
  "name"       TEXT             NOT NULL,
  "type"       "BusinessType"   NOT NULL,
  "city"       TEXT,
  "timezone"   TEXT             NOT NULL,
  "status"     "BusinessStatus" NOT NULL,
  "updated_at" TIMESTAMPTZ(3)   NOT NULL DEFAULT now(),
  CONSTRAINT "businesses_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "businesses_timezone_present" CHECK ("timezone" <> '')
);

CREATE INDEX "businesses_owner_id_idx" ON "businesses" ("owner_id");

CREATE TABLE "resource_categories" (
  "id"          UUID           NOT NULL DEFAULT gen_random_uuid(),
  "business_id" UUID           NOT NULL,
  "name"        TEXT           NOT NULL,
  "created_at"  TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  CONSTRAINT "resource_categories_pkey" PRIMARY KEY ("id"),
  -- lets resources check that their category belongs to their own business
  CONSTRAINT "resource_categories_id_business_id_key" UNIQUE ("id", "business_id"),
  CONSTRAINT "resource_categories_business_id_fkey" FOREIGN KEY ("business_id") REFERENCES "businesses" ("id") ON DELETE RESTRICT,
  CONSTRAINT "resource_categories_name_present" CHECK (btrim("name") <> '')
);

-- "Rooms" and "rooms" are one category of a business
CREATE UNIQUE INDEX "resource_categories_business_id_lower_name_key" ON "resource_categories" ("business_id", lower("name"));
CREATE INDEX "resource_categories_business_id_idx" ON "resource_categories" ("business_id");

CREATE TABLE "resources" (
  "id"                      UUID             NOT NULL DEFAULT gen_random_uuid(),
  "business_id"             UUID             NOT NULL,
  "category_id"             UUID,
  "name"                    TEXT             NOT NULL,
  "type"                    "ResourceType"   NOT NULL,
  "description"             TEXT,
  "metadata"                JSONB            NOT NULL DEFAULT '{}',
  "price"                   NUMERIC(12, 2)   NOT NULL,
  "currency"                TEXT             NOT NULL DEFAULT 'USD',
  "price_unit"              "PriceUnit"      NOT NULL,
  "capacity"                INTEGER          NOT NULL DEFAULT 1,
  "slot_minutes"            INTEGER,
  "opening_hours"           JSONB            NOT NULL DEFAULT '[]',
  "free_cancellation_hours" INTEGER          NOT NULL DEFAULT 24,
  "status"                  "ResourceStatus" NOT NULL DEFAULT 'ACTIVE',
  "created_at"              TIMESTAMPTZ(3)   NOT NULL DEFAULT now(),
  "updated_at"              TIMESTAMPTZ(3)   NOT NULL DEFAULT now(),
  CONSTRAINT "resources_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "resources_business_id_fkey" FOREIGN KEY ("business_id") REFERENCES "businesses" ("id") ON DELETE RESTRICT,
  -- a category of another business is no category at all
  CONSTRAINT "resources_category_id_business_id_fkey" FOREIGN KEY ("category_id", "business_id")
    REFERENCES "resource_categories" ("id", "business_id") ON DELETE RESTRICT,
  CONSTRAINT "resources_name_present" CHECK (btrim("name") <> ''),
  CONSTRAINT "resources_price_not_negative" CHECK ("price" >= 0),
  CONSTRAINT "resources_currency_iso_code" CHECK ("currency" ~ '^[A-Z]{3}$'),
  CONSTRAINT "resources_capacity_positive" CHECK ("capacity" >= 1),
  CONSTRAINT "resources_slot_minutes_range" CHECK ("slot_minutes" IS NULL OR "slot_minutes" BETWEEN 5 AND 480),
  -- SLOT pricing means nothing without a slot length
  CONSTRAINT "resources_slot_minutes_for_slots" CHECK ("price_unit" <> 'SLOT' OR "slot_minutes" IS NOT NULL),
  CONSTRAINT "resources_free_cancellation_hours_not_negative" CHECK ("free_cancellation_hours" >= 0),
  CONSTRAINT "resources_metadata_object" CHECK (jsonb_typeof("metadata") = 'object'),
  -- every element must be able to become an OpeningHours (all fields non-null in the API)
  CONSTRAINT "resources_opening_hours_shape" CHECK (
    jsonb_typeof("opening_hours") = 'array'
    AND NOT jsonb_path_exists("opening_hours", '$[*] ? (!(
      @.type() == "object"
      && exists(@.dayOfWeek) && @.dayOfWeek.type() == "number" && @.dayOfWeek >= 1 && @.dayOfWeek <= 7 && @.dayOfWeek == @.dayOfWeek.floor()
      && exists(@.opens) && @.opens.type() == "string" && @.opens like_regex "^([01][0-9]|2[0-3]):[0-5][0-9]$"
      && exists(@.closes) && @.closes.type() == "string" && @.closes like_regex "^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$"
    ))')
  )
);

CREATE INDEX "resources_created_at_id_idx" ON "resources" ("created_at", "id");
CREATE INDEX "resources_business_id_created_at_id_idx" ON "resources" ("business_id", "created_at", "id");
CREATE INDEX "resources_category_id_idx" ON "resources" ("category_id");

CREATE TABLE "resource_blocks" (
  "id"          UUID           NOT NULL DEFAULT gen_random_uuid(),
  "resource_id" UUID           NOT NULL,
  "start_time"  TIMESTAMPTZ(3) NOT NULL,
  "end_time"    TIMESTAMPTZ(3) NOT NULL,
  "reason"      TEXT,
  "created_at"  TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  CONSTRAINT "resource_blocks_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "resource_blocks_resource_id_fkey" FOREIGN KEY ("resource_id") REFERENCES "resources" ("id") ON DELETE CASCADE,
  CONSTRAINT "resource_blocks_end_after_start" CHECK ("end_time" > "start_time")
);

CREATE INDEX "resource_blocks_resource_id_start_time_idx" ON "resource_blocks" ("resource_id", "start_time");
