-- A session record that reaches the server after a later record of the same session is not
-- applied (the later record wins), but it is kept, so nothing a champion recorded on a phone
-- is lost: the submission's own recording time and its content, encrypted at rest because a
-- named register can be part of it. Applied submissions keep only their hash (their content
-- is the session record itself).
ALTER TABLE activity_session_submissions ADD COLUMN recorded_at timestamptz;
ALTER TABLE activity_session_submissions ADD COLUMN payload_enc text;
