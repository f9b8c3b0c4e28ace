-- Directory searches with filters only (a day, a time of day, a language), chosen from
-- EXPLAIN ANALYZE on 100,000 services (bench/directory.ts, docs/benchmarks.md). Before this,
-- "Tuesday morning" read every schedule twice (once through service-at-locations) and hashed
-- all 100,000 service-at-locations to count the matches: about 130 ms on its own.

-- 1. Every schedule row names its service, also one kept on a service-at-location (ORUK allows
--    both), so filters and pages find a service's sessions through one index.
CREATE FUNCTION dir_schedules_fill_service() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.service_id IS NULL AND NEW.service_at_location_id IS NOT NULL THEN
    SELECT sl.service_id INTO NEW.service_id FROM dir_service_at_locations sl WHERE sl.id = NEW.service_at_location_id;
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER dir_schedules_fill_service
  BEFORE INSERT OR UPDATE OF service_id, service_at_location_id ON dir_schedules
  FOR EACH ROW EXECUTE FUNCTION dir_schedules_fill_service();

UPDATE dir_schedules sch SET service_id = sl.service_id
FROM dir_service_at_locations sl
WHERE sl.id = sch.service_at_location_id AND sch.service_id IS NULL;

-- 2. The hours of the week each service may be open, kept on the service by a trigger, with a
--    GIN index: hour h of day d (Monday 0 … Sunday 6) is d * 24 + h, and 1000 + d is "some time
--    on day d". A search with filters only (a day, a time of day) asks for an overlap with those
--    keys, then checks the schedules exactly. The
--    hours are a superset of what the exact check accepts: a session with no readable days
--    counts on every day, one without both times counts all day, and validity dates are
--    ignored, so the index never hides a match.
CREATE FUNCTION dir_schedule_hours(byday text, opens_at time, closes_at time) RETURNS integer[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  WITH tokens AS (
    SELECT array_position(ARRAY['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'], right(btrim(token), 2)) - 1 AS day,
      btrim(token) ~ '^(-?[0-9])?(MO|TU|WE|TH|FR|SA|SU)$' AS readable
    FROM regexp_split_to_table(upper(coalesce(byday, '')), ',') AS token
  ), days AS (
    SELECT CASE WHEN bool_and(readable) THEN array_agg(day) ELSE ARRAY[0, 1, 2, 3, 4, 5, 6] END AS list FROM tokens
  )
  SELECT coalesce(array_agg(DISTINCT key ORDER BY key), '{}') FROM (
    SELECT d * 24 + h AS key
    FROM days, unnest(days.list) AS d,
      generate_series(
        CASE WHEN opens_at IS NULL OR closes_at IS NULL THEN 0 ELSE extract(hour FROM opens_at)::int END,
        CASE WHEN opens_at IS NULL OR closes_at IS NULL THEN 23
          ELSE greatest(extract(hour FROM opens_at)::int, least(23, ceil(extract(epoch FROM closes_at) / 3600)::int - 1)) END) AS h
    UNION ALL
    -- 1000 + d: some time on day d, so a search for a day alone looks up one key, not 24.
    SELECT 1000 + d FROM days, unnest(days.list) AS d
  ) keys
$$;

CREATE FUNCTION dir_service_open_hours(service uuid) RETURNS integer[] LANGUAGE sql STABLE AS $$
  SELECT coalesce(array_agg(DISTINCT h ORDER BY h), '{}')
  FROM dir_schedules sch, unnest(dir_schedule_hours(sch.byday, sch.opens_at, sch.closes_at)) AS h
  WHERE sch.service_id = service
$$;

ALTER TABLE dir_services ADD COLUMN open_hours integer[] NOT NULL DEFAULT '{}';

CREATE FUNCTION dir_schedules_open_hours() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.service_id IS NOT NULL THEN
    UPDATE dir_services SET open_hours = dir_service_open_hours(NEW.service_id) WHERE id = NEW.service_id;
  END IF;
  IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND OLD.service_id IS DISTINCT FROM NEW.service_id) THEN
    UPDATE dir_services SET open_hours = dir_service_open_hours(OLD.service_id) WHERE id = OLD.service_id;
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER dir_schedules_open_hours
  AFTER INSERT OR UPDATE OR DELETE ON dir_schedules
  FOR EACH ROW EXECUTE FUNCTION dir_schedules_open_hours();

UPDATE dir_services s SET open_hours = dir_service_open_hours(s.id)
WHERE EXISTS (SELECT 1 FROM dir_schedules sch WHERE sch.service_id = s.id);

CREATE INDEX dir_services_open_hours_idx ON dir_services USING gin (open_hours) WHERE status = 'active';


-- 3. Languages are matched by name or code. With both indexed the planner reads the language's
--    few rows as one bitmap (name OR code) and joins them, instead of probing every service's
--    languages in turn until a thousand match: on 100,000 services about 60 ms became 15.
CREATE INDEX dir_languages_code_idx ON dir_languages (lower(code));
