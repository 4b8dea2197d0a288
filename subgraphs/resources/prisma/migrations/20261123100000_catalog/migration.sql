-- Catalog writes: the replica learns versions, text is bounded, and opening hours and slot
-- lengths are consistent whatever writes them.

-- The businesses subgraph numbers every change of a business; the replica keeps the newest
-- it has heard of and ignores older or repeated messages (0: written before versions existed).
ALTER TABLE "businesses" ADD COLUMN "version" BIGINT NOT NULL DEFAULT 0;

ALTER TABLE "resource_categories" ADD CONSTRAINT "resource_categories_name_length" CHECK (char_length("name") <= 100);
ALTER TABLE "resource_blocks" ADD CONSTRAINT "resource_blocks_reason_length" CHECK (char_length("reason") <= 500);

-- "HH:MM" (or "24:00") as minutes since midnight.
CREATE FUNCTION "resources_minutes"(clock TEXT) RETURNS INTEGER LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT split_part(clock, ':', 1)::INTEGER * 60 + split_part(clock, ':', 2)::INTEGER
$$;

-- Each interval opens before it closes and no two intervals of a day overlap (touching is fine).
-- CHECK constraints run in name order, so resources_opening_hours_shape has vouched for the shape.
CREATE FUNCTION "resources_opening_hours_consistent"(hours JSONB) RETURNS BOOLEAN LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT jsonb_typeof(hours) <> 'array' OR (
    NOT EXISTS (
      SELECT 1 FROM jsonb_array_elements(hours) AS a(v)
      WHERE "resources_minutes"(a.v->>'opens') >= "resources_minutes"(a.v->>'closes'))
    AND NOT EXISTS (
      SELECT 1
      FROM jsonb_array_elements(hours) WITH ORDINALITY AS a(v, i)
      JOIN jsonb_array_elements(hours) WITH ORDINALITY AS b(v, j)
        ON a.i < b.j AND (a.v->'dayOfWeek') = (b.v->'dayOfWeek')
      WHERE "resources_minutes"(a.v->>'opens') < "resources_minutes"(b.v->>'closes')
        AND "resources_minutes"(b.v->>'opens') < "resources_minutes"(a.v->>'closes')))
$$;

-- Slots are aligned to the opening time: the slot length divides every interval (the whole
-- day when there are no opening hours, i.e. always open).
CREATE FUNCTION "resources_slots_fit"(hours JSONB, slot_minutes INTEGER) RETURNS BOOLEAN LANGUAGE sql IMMUTABLE AS $$
  SELECT slot_minutes IS NULL OR jsonb_typeof(hours) <> 'array' OR (
    CASE WHEN jsonb_array_length(hours) = 0 THEN 1440 % slot_minutes = 0
    ELSE NOT EXISTS (
      SELECT 1 FROM jsonb_array_elements(hours) AS a(v)
      WHERE ("resources_minutes"(a.v->>'closes') - "resources_minutes"(a.v->>'opens')) % slot_minutes <> 0)
    END)
$$;

ALTER TABLE "resources"
  ADD CONSTRAINT "resources_name_length" CHECK (char_length("name") <= 200),
  ADD CONSTRAINT "resources_description_length" CHECK (char_length("description") <= 2000),
  -- a slot length means something only for SLOT pricing
  ADD CONSTRAINT "resources_slot_minutes_unit" CHECK ("price_unit" = 'SLOT' OR "slot_minutes" IS NULL),
  ADD CONSTRAINT "resources_opening_hours_valid" CHECK ("resources_opening_hours_consistent"("opening_hours")),
  ADD CONSTRAINT "resources_slots_fit_hours" CHECK ("resources_slots_fit"("opening_hours", "slot_minutes"));

-- Public lists filter on the replica's status, type and city.
CREATE INDEX "businesses_status_idx" ON "businesses" ("status");
