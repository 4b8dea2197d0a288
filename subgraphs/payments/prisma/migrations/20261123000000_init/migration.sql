CREATE TYPE "PaymentStatus" AS ENUM ('REQUIRES_PAYMENT_METHOD', 'PROCESSING', 'SUCCEEDED', 'FAILED', 'CANCELED');
CREATE TYPE "RefundStatus" AS ENUM ('PENDING', 'SUCCEEDED', 'FAILED');
CREATE TYPE "LedgerAccount" AS ENUM ('CUSTOMER', 'PROVIDER_EARNINGS', 'COMMISSION');
CREATE TYPE "LedgerEntryType" AS ENUM ('DEBIT', 'CREDIT');

CREATE TABLE "payments" (
  "id"                  UUID            NOT NULL DEFAULT gen_random_uuid(),
  "booking_id"          UUID            NOT NULL,
  "customer_id"         UUID            NOT NULL,
  "business_id"         UUID            NOT NULL,
  "business_owner_id"   UUID            NOT NULL,
  "amount"              NUMERIC(12, 2)  NOT NULL,
  "currency"            TEXT            NOT NULL,
  "status"              "PaymentStatus" NOT NULL DEFAULT 'REQUIRES_PAYMENT_METHOD',
  "provider"            TEXT            NOT NULL DEFAULT 'test',
  "provider_payment_id" TEXT,
  "client_secret"       TEXT,
  "failure_reason"      TEXT,
  "idempotency_key"     TEXT            NOT NULL,
  "created_at"          TIMESTAMPTZ(3)  NOT NULL DEFAULT now(),
  "updated_at"          TIMESTAMPTZ(3)  NOT NULL DEFAULT now(),
  CONSTRAINT "payments_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "payments_amount_not_negative" CHECK ("amount" >= 0),
  CONSTRAINT "payments_currency_iso" CHECK ("currency" ~ '^[A-Z]{3}$'),
  CONSTRAINT "payments_provider_present" CHECK (btrim("provider") <> ''),
  CONSTRAINT "payments_idempotency_key_present" CHECK (btrim("idempotency_key") <> '')
);

-- a retried createPaymentIntent finds the payment its key made
CREATE UNIQUE INDEX "payments_customer_id_idempotency_key_key" ON "payments" ("customer_id", "idempotency_key");
-- a provider's id names one payment (webhooks find it by this)
CREATE UNIQUE INDEX "payments_provider_provider_payment_id_key" ON "payments" ("provider", "provider_payment_id");
CREATE INDEX "payments_booking_id_created_at_id_idx" ON "payments" ("booking_id", "created_at", "id");

CREATE TABLE "refunds" (
  "id"              UUID           NOT NULL DEFAULT gen_random_uuid(),
  "payment_id"      UUID           NOT NULL,
  "amount"          NUMERIC(12, 2) NOT NULL,
  "status"          "RefundStatus" NOT NULL DEFAULT 'PENDING',
  "reason"          TEXT,
  "idempotency_key" TEXT           NOT NULL,
  "created_at"      TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  CONSTRAINT "refunds_pkey" PRIMARY KEY ("id"),
  -- money movements are history: a payment with refunds or ledger entries cannot be deleted
  CONSTRAINT "refunds_payment_id_fkey" FOREIGN KEY ("payment_id") REFERENCES "payments" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  CONSTRAINT "refunds_amount_positive" CHECK ("amount" > 0),
  CONSTRAINT "refunds_idempotency_key_present" CHECK (btrim("idempotency_key") <> '')
);

-- a retried refundPayment finds the refund its key made
CREATE UNIQUE INDEX "refunds_payment_id_idempotency_key_key" ON "refunds" ("payment_id", "idempotency_key");
CREATE INDEX "refunds_payment_id_created_at_id_idx" ON "refunds" ("payment_id", "created_at", "id");

CREATE TABLE "ledger_entries" (
  "id"         UUID              NOT NULL DEFAULT gen_random_uuid(),
  "payment_id" UUID              NOT NULL,
  "account"    "LedgerAccount"   NOT NULL,
  "type"       "LedgerEntryType" NOT NULL,
  "amount"     NUMERIC(12, 2)    NOT NULL,
  "currency"   TEXT              NOT NULL,
  "created_at" TIMESTAMPTZ(3)    NOT NULL DEFAULT now(),
  CONSTRAINT "ledger_entries_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "ledger_entries_payment_id_fkey" FOREIGN KEY ("payment_id") REFERENCES "payments" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  CONSTRAINT "ledger_entries_amount_positive" CHECK ("amount" > 0),
  CONSTRAINT "ledger_entries_currency_iso" CHECK ("currency" ~ '^[A-Z]{3}$')
);

CREATE INDEX "ledger_entries_payment_id_created_at_id_idx" ON "ledger_entries" ("payment_id", "created_at", "id");
