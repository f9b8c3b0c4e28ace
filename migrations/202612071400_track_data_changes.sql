-- The rendered-response cache for public pages and feeds (platform/http/public-cache.ts) keys
-- each page by a data version: the sum of `weight` over this table, which grows by one when a
-- transaction that changed any content table commits, and only then, so every app process on
-- the database sees a change on its very next request. Insert-only (one row per transaction,
-- the row made visible by the commit itself): no row lock is shared between writers, so the
-- tracking can neither serialise nor deadlock them. Old rows are folded into one, keeping the sum.
CREATE TABLE data_changes (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  txid bigint,
  weight bigint NOT NULL DEFAULT 1,
  changed_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX data_changes_txid ON data_changes (txid);

CREATE FUNCTION data_changes_record() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO data_changes (txid) VALUES (txid_current()) ON CONFLICT (txid) DO NOTHING;
  RETURN NULL;
END;
$$;

-- Tables no public page or feed shows: sign-in state, the audit trail, queues and counters.
-- Every other table, including those later migrations add, gets the statement trigger; the app
-- calls this at start after migrating, and an integration test fails when a table lacks it.
CREATE FUNCTION data_changes_track_all() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  table_name text;
  added integer := 0;
BEGIN
  FOR table_name IN
    SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
      AND c.relname NOT IN ('data_changes', 'schema_migrations', 'sessions', 'sign_in_attempts',
        'password_reset_tokens', 'audit_events', 'outbox_messages', 'jobs', 'rate_limit_hits')
      AND NOT EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid AND t.tgname = 'data_changes_track')
  LOOP
    EXECUTE format(
      'CREATE TRIGGER data_changes_track AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I '
      'FOR EACH STATEMENT EXECUTE FUNCTION data_changes_record()', table_name);
    added := added + 1;
  END LOOP;
  RETURN added;
END;
$$;

SELECT data_changes_track_all();
