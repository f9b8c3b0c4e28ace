-- Attributes link a taxonomy term to any directory record by (link_type, link_id), so no
-- foreign key removes them with the record. Remove a service's attributes when it is deleted,
-- so its ids can be used again (re-imports) and searches never meet orphans.
CREATE FUNCTION dir_services_delete_attributes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM dir_attributes WHERE link_type = 'service' AND link_id = OLD.id;
  RETURN OLD;
END;
$$;
CREATE TRIGGER dir_services_delete_attributes
  AFTER DELETE ON dir_services
  FOR EACH ROW EXECUTE FUNCTION dir_services_delete_attributes();

DELETE FROM dir_attributes a
  WHERE a.link_type = 'service' AND NOT EXISTS (SELECT 1 FROM dir_services s WHERE s.id = a.link_id);
