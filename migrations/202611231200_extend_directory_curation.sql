-- Directory curation: where a proposed change came from, the verification it completes, who a
-- provider link was sent to, and indexes for search filters (chosen from EXPLAIN ANALYZE on
-- 100,000 services: see bench/directory.ts and docs/benchmarks.md).

-- 'member': a signed-in person (champion or staff of another organisation); 'public': the
-- "report a change" form; 'provider': a provider's one-time update link.
ALTER TABLE dir_change_proposals
  ADD COLUMN source text NOT NULL DEFAULT 'member' CHECK (source IN ('member', 'public', 'provider')),
  ADD COLUMN verification_task_id uuid REFERENCES dir_verification_tasks (id) ON DELETE SET NULL;
CREATE INDEX dir_change_proposals_service_idx ON dir_change_proposals (service_id);

ALTER TABLE dir_provider_links
  ADD COLUMN sent_to text;
CREATE INDEX dir_provider_links_service_idx ON dir_provider_links (service_id);

-- Each location's point on the earth, kept once instead of computed per row: ll_to_earth is
-- about 4 microseconds a call (a cube built three times, then the earth domain's checks), which
-- made a 10-mile search in a city spend most of its time on it. The GiST index on the stored
-- point serves earth_box; earth_distance on it is then cheap enough to sort by.
ALTER TABLE dir_locations ADD COLUMN earth earth GENERATED ALWAYS AS (ll_to_earth(latitude, longitude)) STORED;
CREATE INDEX dir_locations_earth_point_idx ON dir_locations USING gist (earth) WHERE earth IS NOT NULL;

-- Each service's box around its located places, kept on the service by triggers, so a search
-- with words and a place intersects two indexes of one table (GIN on search_vector, GiST here)
-- instead of visiting every location in a radius. Exact distances are then worked out for
-- the few services left. NULL when no location has a point.
ALTER TABLE dir_services ADD COLUMN location_extent cube;
CREATE INDEX dir_services_location_extent_idx ON dir_services USING gist (location_extent) WHERE location_extent IS NOT NULL;

CREATE FUNCTION dir_service_location_extent(service uuid) RETURNS cube LANGUAGE sql STABLE AS $$
  SELECT cube(
    array[min(cube_ll_coord(l.earth, 1)), min(cube_ll_coord(l.earth, 2)), min(cube_ll_coord(l.earth, 3))],
    array[max(cube_ur_coord(l.earth, 1)), max(cube_ur_coord(l.earth, 2)), max(cube_ur_coord(l.earth, 3))])
  FROM dir_service_at_locations sl JOIN dir_locations l ON l.id = sl.location_id
  WHERE sl.service_id = service AND l.earth IS NOT NULL
  HAVING count(*) > 0
$$;

CREATE FUNCTION dir_service_at_locations_extent() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    UPDATE dir_services SET location_extent = dir_service_location_extent(NEW.service_id) WHERE id = NEW.service_id;
  END IF;
  IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND OLD.service_id <> NEW.service_id) THEN
    UPDATE dir_services SET location_extent = dir_service_location_extent(OLD.service_id) WHERE id = OLD.service_id;
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER dir_service_at_locations_extent
  AFTER INSERT OR UPDATE OR DELETE ON dir_service_at_locations
  FOR EACH ROW EXECUTE FUNCTION dir_service_at_locations_extent();

CREATE FUNCTION dir_locations_extent() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE dir_services s SET location_extent = dir_service_location_extent(s.id)
  WHERE s.id IN (SELECT service_id FROM dir_service_at_locations WHERE location_id = NEW.id);
  RETURN NULL;
END;
$$;
CREATE TRIGGER dir_locations_extent
  AFTER UPDATE OF latitude, longitude ON dir_locations
  FOR EACH ROW WHEN (OLD.latitude IS DISTINCT FROM NEW.latitude OR OLD.longitude IS DISTINCT FROM NEW.longitude)
  EXECUTE FUNCTION dir_locations_extent();

UPDATE dir_services s SET location_extent = dir_service_location_extent(s.id)
WHERE EXISTS (SELECT 1 FROM dir_service_at_locations sl WHERE sl.service_id = s.id);

-- Browsing with filters only lists running services in name order, a page at a time.
CREATE INDEX dir_services_active_name_idx ON dir_services (name, id) WHERE status = 'active';

-- Schedules kept on a service-at-location (ORUK imports do this) are found by that link.
CREATE INDEX dir_schedules_service_at_location_idx ON dir_schedules (service_at_location_id);
CREATE INDEX dir_languages_name_idx ON dir_languages (lower(name));
CREATE INDEX dir_verification_tasks_service_idx ON dir_verification_tasks (service_id);

-- Typo tolerance without a trigram check on every candidate row: every word that appears in a
-- service's name, description or search words is kept once here. A search word that is not
-- known is corrected to its closest known words (pg_trgm similarity on this small table), and
-- the search itself then uses only the GIN index on search_vector. On 100,000 services this
-- took a text + distance search from about a second (word_similarity rechecks on each row of
-- a sequential scan) to a few milliseconds.
CREATE TABLE dir_search_words (word text PRIMARY KEY);
CREATE INDEX dir_search_words_trgm_idx ON dir_search_words USING gin (word gin_trgm_ops);

CREATE FUNCTION dir_search_words_note() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- In word order, so concurrent writers take the same locks in the same order.
  INSERT INTO dir_search_words (word)
  SELECT DISTINCT w FROM regexp_split_to_table(lower(coalesce(NEW.name, '') || ' ' || coalesce(NEW.description, '') || ' ' || coalesce(NEW.search_text, '')), '[[:space:][:punct:]]+') AS w
  WHERE length(w) BETWEEN 3 AND 40
  ORDER BY w
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$;
CREATE TRIGGER dir_services_words
  AFTER INSERT OR UPDATE OF name, description, search_text ON dir_services
  FOR EACH ROW EXECUTE FUNCTION dir_search_words_note();

INSERT INTO dir_search_words (word)
SELECT DISTINCT w FROM dir_services, regexp_split_to_table(lower(name || ' ' || description || ' ' || search_text), '[[:space:][:punct:]]+') AS w
WHERE length(w) BETWEEN 3 AND 40
ON CONFLICT DO NOTHING;
