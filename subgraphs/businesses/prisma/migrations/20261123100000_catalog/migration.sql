-- Catalog writes: bounded text, a version per business, and an outbox that carries every
-- change of the facts the resources subgraph replicates.

ALTER TABLE "businesses"
  ADD COLUMN "version" BIGINT NOT NULL DEFAULT 1,
  ADD CONSTRAINT "businesses_name_length" CHECK (char_length("name") <= 200),
  ADD CONSTRAINT "businesses_description_length" CHECK (char_length("description") <= 2000),
  ADD CONSTRAINT "businesses_address_length" CHECK (char_length("address") <= 300),
  ADD CONSTRAINT "businesses_city_length" CHECK (char_length("city") <= 100),
  ADD CONSTRAINT "businesses_phone_length" CHECK (char_length("phone") <= 30),
  ADD CONSTRAINT "businesses_email_length" CHECK (char_length("email") <= 254),
  ADD CONSTRAINT "businesses_timezone_length" CHECK (char_length("timezone") <= 64),
  -- verifying is what makes a business ACTIVE for the first time; it is never undone
  ADD CONSTRAINT "businesses_pending_unverified" CHECK ("status" <> 'PENDING' OR NOT "is_verified");

-- Facts on their way to the resources subgraph. A row is written by the trigger below in the
-- transaction that changes the business, so a change and its message commit or fail together;
-- the relay deletes a row once resources has accepted it.
CREATE TABLE "business_facts_outbox" (
  "id"          BIGSERIAL      NOT NULL,
  "business_id" UUID           NOT NULL,
  "version"     BIGINT         NOT NULL,
  "facts"       JSONB          NOT NULL,
  "attempts"    INTEGER        NOT NULL DEFAULT 0,
  "send_after"  TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "last_error"  TEXT,
  "created_at"  TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  CONSTRAINT "business_facts_outbox_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "business_facts_outbox_send_after_id_idx" ON "business_facts_outbox" ("send_after", "id");

-- The version and updated_at belong to the database: any change of a business's content
-- bumps them, whatever wrote it (the API, a seed, an operator's SQL).
CREATE FUNCTION "businesses_bump_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.owner_id, NEW.name, NEW.description, NEW.type, NEW.address, NEW.city, NEW.phone, NEW.email, NEW.timezone, NEW.status, NEW.is_verified)
     IS DISTINCT FROM
     (OLD.owner_id, OLD.name, OLD.description, OLD.type, OLD.address, OLD.city, OLD.phone, OLD.email, OLD.timezone, OLD.status, OLD.is_verified) THEN
    NEW.version := OLD.version + 1;
    NEW.updated_at := now();
  ELSE
    NEW.version := OLD.version;
    NEW.updated_at := OLD.updated_at;
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER "businesses_bump_version" BEFORE UPDATE ON "businesses"
  FOR EACH ROW EXECUTE FUNCTION "businesses_bump_version"();

-- Every new business, and every change of a replicated fact, leaves through the outbox.
CREATE FUNCTION "businesses_queue_facts"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT'
     OR (NEW.owner_id, NEW.name, NEW.type, NEW.city, NEW.timezone, NEW.status)
        IS DISTINCT FROM (OLD.owner_id, OLD.name, OLD.type, OLD.city, OLD.timezone, OLD.status) THEN
    INSERT INTO "business_facts_outbox" ("business_id", "version", "facts")
    VALUES (NEW.id, NEW.version, jsonb_build_object(
      'id', NEW.id, 'ownerId', NEW.owner_id, 'name', NEW.name, 'type', NEW.type, 'city', NEW.city,
      'timezone', NEW.timezone, 'status', NEW.status, 'version', NEW.version,
      'updatedAt', to_char(NEW.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')));
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "businesses_queue_facts" AFTER INSERT OR UPDATE ON "businesses"
  FOR EACH ROW EXECUTE FUNCTION "businesses_queue_facts"();
