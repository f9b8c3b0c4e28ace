-- ORUK /services pages through every public service in name order. A covering partial index
-- lets the page's ids come from an index-only scan, however deep the page.
CREATE INDEX dir_services_public_order_idx ON dir_services (name, id) WHERE status = 'active' AND published;
