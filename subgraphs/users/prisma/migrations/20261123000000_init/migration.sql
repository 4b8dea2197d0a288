CREATE TYPE "Role" AS ENUM ('CUSTOMER', 'VENDOR', 'ADMIN');
CREATE TYPE "UserStatus" AS ENUM ('PENDING_VERIFICATION', 'ACTIVE', 'SUSPENDED', 'DELETED');

CREATE TABLE "users" (
  "id"             UUID         NOT NULL DEFAULT gen_random_uuid(),
  "email"          TEXT         NOT NULL,
  "username"       TEXT         NOT NULL,
  "password_hash"  TEXT,
  "first_name"     TEXT,
  "last_name"      TEXT,
  "phone"          TEXT,
  "role"           "Role"       NOT NULL DEFAULT 'CUSTOMER',
  "status"         "UserStatus" NOT NULL DEFAULT 'PENDING_VERIFICATION',
  "email_verified" BOOLEAN      NOT NULL DEFAULT false,
  "created_at"     TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "updated_at"     TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "last_login_at"  TIMESTAMPTZ(3),
  CONSTRAINT "users_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "users_email_normalised" CHECK ("email" = lower(btrim("email")) AND "email" <> ''),
  CONSTRAINT "users_username_present" CHECK (btrim("username") <> '')
);

CREATE UNIQUE INDEX "users_email_key" ON "users" ("email");
-- usernames are unique whatever their case: "Alice" and "alice" are one name
CREATE UNIQUE INDEX "users_username_lower_key" ON "users" (lower("username"));
CREATE INDEX "users_created_at_id_idx" ON "users" ("created_at", "id");
