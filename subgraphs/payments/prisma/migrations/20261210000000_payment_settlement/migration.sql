-- Payments move: intents are created, settled by the provider's answer or its webhook, refunded,
-- and every movement of money is booked in a double-entry ledger the database keeps balanced.

-- One live intent per booking: a second key finds the live one instead of charging twice.
CREATE UNIQUE INDEX "payments_one_live_intent_per_booking" ON "payments" ("booking_id")
  WHERE "status" IN ('REQUIRES_PAYMENT_METHOD', 'PROCESSING');

-- The provider's id of a refund (charge.refunded names it); unique per provider through its payment.
ALTER TABLE "refunds" ADD COLUMN "provider_refund_id" TEXT;
ALTER TABLE "refunds" ADD COLUMN "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now();
CREATE UNIQUE INDEX "refunds_payment_id_provider_refund_id_key" ON "refunds" ("payment_id", "provider_refund_id");

-- A ledger line may name the refund it reverses.
ALTER TABLE "ledger_entries" ADD COLUMN "refund_id" UUID REFERENCES "refunds" ("id") ON DELETE RESTRICT;

-- Provider webhooks already applied: a redelivered event id changes nothing.
CREATE TABLE "webhook_events" (
  "provider"    TEXT           NOT NULL,
  "event_id"    TEXT           NOT NULL,
  "type"        TEXT           NOT NULL,
  "payment_id"  UUID           NOT NULL REFERENCES "payments" ("id") ON DELETE RESTRICT,
  "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  CONSTRAINT "webhook_events_pkey" PRIMARY KEY ("provider", "event_id")
);

-- The ledger is history: lines are added, never changed or removed.
CREATE FUNCTION "ledger_entries_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger entries are append-only (% refused)', TG_OP USING ERRCODE = 'integrity_constraint_violation';
END;
$$;
CREATE TRIGGER "ledger_entries_append_only" BEFORE UPDATE OR DELETE ON "ledger_entries"
  FOR EACH ROW EXECUTE FUNCTION "ledger_entries_append_only"();

-- Every payment's books balance (debits = credits, in the payment's currency) when a
-- transaction commits: checked at commit, so one transaction may write a posting line by line.
CREATE FUNCTION "ledger_entries_balanced"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  debits  NUMERIC;
  credits NUMERIC;
  foreign_lines INTEGER;
BEGIN
  SELECT coalesce(sum(e."amount") FILTER (WHERE e."type" = 'DEBIT'), 0),
         coalesce(sum(e."amount") FILTER (WHERE e."type" = 'CREDIT'), 0),
         count(*) FILTER (WHERE e."currency" <> p."currency")
    INTO debits, credits, foreign_lines
    FROM "ledger_entries" e JOIN "payments" p ON p."id" = e."payment_id"
   WHERE e."payment_id" = NEW."payment_id";
  IF debits <> credits THEN
    RAISE EXCEPTION 'ledger of payment % is unbalanced: debits % <> credits %', NEW."payment_id", debits, credits
      USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_entries_balanced';
  END IF;
  IF foreign_lines > 0 THEN
    RAISE EXCEPTION 'ledger of payment % has lines in another currency than the payment''s', NEW."payment_id"
      USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_entries_balanced';
  END IF;
  RETURN NULL;
END;
$$;
CREATE CONSTRAINT TRIGGER "ledger_entries_balanced" AFTER INSERT ON "ledger_entries"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "ledger_entries_balanced"();
