-- Every identifier an ORUK feed gives a provider organisation (HSDS organization_identifiers:
-- company numbers, charity numbers, other registers), not only its charity number. Kept as a
-- JSON array of {id, identifier_scheme, identifier_type, identifier}: they are only ever read
-- and written with their organisation.
ALTER TABLE dir_organizations ADD COLUMN identifiers jsonb NOT NULL DEFAULT '[]'::jsonb;
