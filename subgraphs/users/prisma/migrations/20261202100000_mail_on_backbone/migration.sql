-- Mail is now requested as `mail.requested` events in the event backbone's outbox
-- (events.event_outbox, created by @booking/events before this subgraph's migrations run: its
-- definition's migrateFirst) and sent by users' own consumer, with the backbone's retries, dead
-- letters and retention. Mail the old sender had not sent yet leaves that way, in its order;
-- then its table goes (sent rows included: they were kept forever, one-time codes in them).
INSERT INTO events.event_outbox (id, type, source, occurred_at, payload)
SELECT "id", 'mail.requested', 'users', "created_at", jsonb_build_object('to', "to_address", 'subject', "subject", 'text', "text_body")
FROM "mail_outbox" WHERE "sent_at" IS NULL ORDER BY "created_at", "id";

DROP TABLE "mail_outbox";
