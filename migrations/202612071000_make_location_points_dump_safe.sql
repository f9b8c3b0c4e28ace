-- A backup must restore. pg_dump and pg_restore run with an empty search_path, and the stored
-- point on dir_locations called ll_to_earth, whose body (from the earthdistance extension) names
-- the type earth unqualified: pg_restore --exit-on-error stopped at `type "earth" does not exist`
-- and the expression index on ll_to_earth(latitude, longitude) failed the same way. The point is
-- now computed by a function of our own that fixes its search_path, so the column, and the GiST
-- index on it, restore whatever search_path the restore runs with. The expression index goes: the
-- ORUK feed's distances read the stored point instead.
CREATE FUNCTION public.dir_point_on_earth(latitude double precision, longitude double precision)
  RETURNS public.earth
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  SET search_path = public, pg_temp
  AS $$ SELECT public.ll_to_earth(latitude, longitude) $$;

DROP INDEX IF EXISTS dir_locations_earth_idx;
ALTER TABLE dir_locations DROP COLUMN earth;
ALTER TABLE dir_locations
  ADD COLUMN earth public.earth GENERATED ALWAYS AS (public.dir_point_on_earth(latitude, longitude)) STORED;
CREATE INDEX dir_locations_earth_point_idx ON dir_locations USING gist (earth) WHERE earth IS NOT NULL;
