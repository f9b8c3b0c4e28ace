-- The ORUK feed's /services pages say how many public services there are (total_items,
-- total_pages) on every page. Counting 100,000 rows, even from an index, was most of a page's
-- time (docs/benchmarks.md). The count is kept here instead, exact and transactional, by
-- statement triggers that add what each statement changed; only a statement that changes the
-- number takes the row's lock.
CREATE TABLE dir_public_service_count (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  total bigint NOT NULL CHECK (total >= 0)
);
INSERT INTO dir_public_service_count (total) SELECT count(*) FROM dir_services WHERE status = 'active' AND published;

CREATE FUNCTION dir_services_count_public() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  delta bigint := 0;
  added bigint := 0;
  removed bigint := 0;
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    SELECT count(*) INTO added FROM new_rows WHERE status = 'active' AND published;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    SELECT count(*) INTO removed FROM old_rows WHERE status = 'active' AND published;
  END IF;
  delta := added - removed;
  IF delta <> 0 THEN
    UPDATE dir_public_service_count SET total = total + delta;
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER dir_services_count_public_insert AFTER INSERT ON dir_services
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dir_services_count_public();
CREATE TRIGGER dir_services_count_public_update AFTER UPDATE ON dir_services
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dir_services_count_public();
CREATE TRIGGER dir_services_count_public_delete AFTER DELETE ON dir_services
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION dir_services_count_public();
