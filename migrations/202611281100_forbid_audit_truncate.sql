-- The audit trail refused UPDATE and DELETE row by row; TRUNCATE skips row triggers, so it is
-- refused too, by a statement trigger.
CREATE TRIGGER audit_events_no_truncate
  BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_forbid_change();
