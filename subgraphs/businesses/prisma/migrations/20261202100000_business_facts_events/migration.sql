-- Business facts now leave through the event backbone: the trigger writes a
-- `business.facts_changed` event into the backbone's outbox (events.event_outbox, created by
-- @booking/events before this subgraph's migrations run: its definition's migrateFirst), in the
-- transaction that changes the business, whatever wrote it (the API, a seed, an operator's SQL).
-- The backbone's relay publishes it after commit; resources consumes it and keeps the newest
-- version. The hand-written facts outbox and its relay are gone.

CREATE FUNCTION "businesses_publish_facts"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT'
     OR (NEW.owner_id, NEW.name, NEW.type, NEW.city, NEW.timezone, NEW.status)
        IS DISTINCT FROM (OLD.owner_id, OLD.name, OLD.type, OLD.city, OLD.timezone, OLD.status) THEN
    -- The envelope as publishEvent (@booking/events) writes it; the payload is BusinessFacts (contracts).
    INSERT INTO events.event_outbox (id, type, source, occurred_at, payload)
    VALUES (gen_random_uuid(), 'business.facts_changed', 'businesses', clock_timestamp(), jsonb_build_object(
      'id', NEW.id, 'ownerId', NEW.owner_id, 'name', NEW.name, 'type', NEW.type, 'city', NEW.city,
      'timezone', NEW.timezone, 'status', NEW.status, 'version', NEW.version,
      'updatedAt', to_char(NEW.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')));
  END IF;
  RETURN NULL;
END $$;

DROP TRIGGER "businesses_queue_facts" ON "businesses";
DROP FUNCTION "businesses_queue_facts"();

CREATE TRIGGER "businesses_publish_facts" AFTER INSERT OR UPDATE ON "businesses"
  FOR EACH ROW EXECUTE FUNCTION "businesses_publish_facts"();

-- Facts the old relay had not delivered yet leave as events, in their order.
INSERT INTO events.event_outbox (id, type, source, occurred_at, payload)
SELECT gen_random_uuid(), 'business.facts_changed', 'businesses', "created_at", "facts"
FROM "business_facts_outbox" ORDER BY "id";

DROP TABLE "business_facts_outbox";
