-- The outbox kept live one-time links (password reset, invitation, provider update) readable for
-- the 90 days it keeps an email, and showed them to administrators. An email's one-time link now
-- waits here encrypted (AES-256-GCM under ENCRYPTION_KEY) only until its delivery, then is
-- cleared; the stored body has a placeholder where the link was.
ALTER TABLE outbox_messages ADD COLUMN one_time_link text;

-- Links already in the outbox are blanked out: they can no longer reach anyone but an
-- administrator, and a person who still needs one asks for it again.
UPDATE outbox_messages
SET body = regexp_replace(
  body,
  'https?://[^[:space:]]+/(password-reset|invitations|directory/provider)/[^[:space:]]+',
  '[one-time link: sent only to the recipient, not kept]',
  'g')
WHERE body ~ '/(password-reset|invitations|directory/provider)/';
