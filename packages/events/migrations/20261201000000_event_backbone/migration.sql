-- The event backbone's tables, in schema "events" of every service database that publishes
-- or consumes events. Applied by @booking/events (applyEventMigrations), recorded in
-- events._migrations, apart from the service's own _prisma_migrations.
CREATE SCHEMA IF NOT EXISTS events;

-- Events a service publishes, written in the transaction that makes them true; the relay
-- publishes them to the transport after commit and prunes them once the retention has passed.
CREATE TABLE events.event_outbox (
  position        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id              UUID NOT NULL UNIQUE,
  type            TEXT NOT NULL,
  source          TEXT NOT NULL,
  occurred_at     TIMESTAMPTZ NOT NULL,
  request_id      TEXT,
  payload         JSONB NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  last_error      TEXT,
  published_at    TIMESTAMPTZ
);
CREATE INDEX event_outbox_due_idx ON events.event_outbox (next_attempt_at, position) WHERE published_at IS NULL;
CREATE INDEX event_outbox_published_idx ON events.event_outbox (published_at) WHERE published_at IS NOT NULL;

-- Wakes the relay (LISTEN events_outbox) when the inserting transaction commits; a rolled-back
-- transaction notifies nobody. One notification per statement is enough: the relay reads all.
CREATE FUNCTION events.notify_event_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('events_outbox', '');
  RETURN NULL;
END;
$$;
CREATE TRIGGER event_outbox_notify AFTER INSERT ON events.event_outbox
  FOR EACH STATEMENT EXECUTE FUNCTION events.notify_event_outbox();

-- Events a consumer of this service has handled, committed with the handler's effects: a
-- redelivery finds its id here and is acknowledged without running the handler again.
CREATE TABLE events.processed_event (
  consumer     TEXT NOT NULL,
  event_id     UUID NOT NULL,
  event_type   TEXT NOT NULL,
  processed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, event_id)
);
CREATE INDEX processed_event_processed_at_idx ON events.processed_event (processed_at);

-- Events a consumer of this service gave up on after its last attempt, whole (so they can be
-- inspected and replayed), with the last error.
CREATE TABLE events.dead_letter_event (
  consumer         TEXT NOT NULL,
  event_id         UUID NOT NULL,
  type             TEXT NOT NULL,
  source           TEXT NOT NULL,
  occurred_at      TIMESTAMPTZ NOT NULL,
  request_id       TEXT,
  payload          JSONB NOT NULL,
  attempts         INTEGER NOT NULL,
  error            TEXT NOT NULL,
  dead_lettered_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, event_id)
);
