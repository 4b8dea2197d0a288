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

-- Sessions issued before this instant are void (logoutAll, password reset, suspension).
ALTER TABLE "users" ADD COLUMN "tokens_valid_after" TIMESTAMPTZ(3);

-- Sign-in through an OpenID Connect issuer (Google): one account per issuer + subject.
CREATE TABLE "user_identities" (
  "id"         UUID         NOT NULL DEFAULT gen_random_uuid(),
  "user_id"    UUID         NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE,
  "issuer"     TEXT         NOT NULL,
  "subject"    TEXT         NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  CONSTRAINT "user_identities_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "user_identities_issuer_subject_key" ON "user_identities" ("issuer", "subject");
CREATE INDEX "user_identities_user_id_idx" ON "user_identities" ("user_id");

CREATE TYPE "CodePurpose" AS ENUM ('EMAIL_VERIFICATION', 'PASSWORD_RESET');

-- One-time codes are stored hashed; at most one live code per user and purpose.
CREATE TABLE "one_time_codes" (
  "id"            UUID          NOT NULL DEFAULT gen_random_uuid(),
  "user_id"       UUID          NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE,
  "purpose"       "CodePurpose" NOT NULL,
  "code_hash"     TEXT          NOT NULL,
  "expires_at"    TIMESTAMPTZ(3) NOT NULL,
  "attempts"      INTEGER       NOT NULL DEFAULT 0 CHECK ("attempts" >= 0),
  "consumed_at"   TIMESTAMPTZ(3),
  "superseded_at" TIMESTAMPTZ(3),
  "created_at"    TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  CONSTRAINT "one_time_codes_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "one_time_codes_live_key" ON "one_time_codes" ("user_id", "purpose")
  WHERE "consumed_at" IS NULL AND "superseded_at" IS NULL;

-- Refresh tokens are stored hashed; a family is one sign-in and everything rotated from it.
CREATE TABLE "refresh_tokens" (
  "id"         UUID         NOT NULL DEFAULT gen_random_uuid(),
  "user_id"    UUID         NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE,
  "family_id"  UUID         NOT NULL,
  "token_hash" TEXT         NOT NULL,
  "expires_at" TIMESTAMPTZ(3) NOT NULL,
  "rotated_at" TIMESTAMPTZ(3),
  "revoked_at" TIMESTAMPTZ(3),
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  CONSTRAINT "refresh_tokens_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "refresh_tokens_token_hash_key" ON "refresh_tokens" ("token_hash");
CREATE INDEX "refresh_tokens_family_id_idx" ON "refresh_tokens" ("family_id");
CREATE INDEX "refresh_tokens_user_id_idx" ON "refresh_tokens" ("user_id");

-- The key pair access tokens are signed with; the public half is served as JWKS.
CREATE TABLE "signing_keys" (
  "kid"         TEXT         NOT NULL,
  "private_key" TEXT         NOT NULL,
  "public_jwk"  JSONB        NOT NULL,
  "created_at"  TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "retired_at"  TIMESTAMPTZ(3),
  CONSTRAINT "signing_keys_pkey" PRIMARY KEY ("kid")
);

-- Mail is written here in the transaction that causes it and sent after commit, with retries.
CREATE TABLE "mail_outbox" (
  "id"         UUID         NOT NULL DEFAULT gen_random_uuid(),
  "to_address" TEXT         NOT NULL,
  "subject"    TEXT         NOT NULL,
  "text_body"  TEXT         NOT NULL,
  "attempts"   INTEGER      NOT NULL DEFAULT 0,
  "send_after" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "sent_at"    TIMESTAMPTZ(3),
  "last_error" TEXT,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  CONSTRAINT "mail_outbox_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "mail_outbox_pending_idx" ON "mail_outbox" ("send_after") WHERE "sent_at" IS NULL;
