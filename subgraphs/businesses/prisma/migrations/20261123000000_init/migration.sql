CREATE TYPE "BusinessType" AS ENUM ('HOTEL', 'CLINIC', 'SALON', 'CO_WORKING', 'OTHER');
CREATE TYPE "BusinessStatus" AS ENUM ('PENDING', 'ACTIVE', 'INACTIVE', 'SUSPENDED', 'DELETED');

CREATE TABLE "businesses" (
  "id"          UUID             NOT NULL DEFAULT gen_random_uuid(),
  "owner_id"    UUID             NOT NULL,
  "name"        TEXT             NOT NULL,
  "description" TEXT,
  "type"        "BusinessType"   NOT NULL,
  "address"     TEXT,
  "city"        TEXT,
  "phone"       TEXT,
  "email"       TEXT,
  "timezone"    TEXT             NOT NULL,
  "status"      "BusinessStatus" NOT NULL DEFAULT 'PENDING',
  "is_verified" BOOLEAN          NOT NULL DEFAULT false,
  "created_at"  TIMESTAMPTZ(3)   NOT NULL DEFAULT now(),
  "updated_at"  TIMESTAMPTZ(3)   NOT NULL DEFAULT now(),
  CONSTRAINT "businesses_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "businesses_name_present" CHECK (btrim("name") <> ''),
  -- a time zone is an IANA name such as Europe/Berlin: never blank, never padded
  CONSTRAINT "businesses_timezone_present" CHECK ("timezone" <> '' AND "timezone" = btrim("timezone"))
);

-- one business per vendor, whatever the application does
CREATE UNIQUE INDEX "businesses_owner_id_key" ON "businesses" ("owner_id");
CREATE INDEX "businesses_created_at_id_idx" ON "businesses" ("created_at", "id");
-- non-admins list ACTIVE businesses only
CREATE INDEX "businesses_status_created_at_id_idx" ON "businesses" ("status", "created_at", "id");
