-- Sustain review reminders already sent: one per activity per due date, so the daily job
-- emails an organisation's coordinators once when an activity's review falls due, and again
-- only when a later review sets a new due date.
CREATE TABLE activity_review_reminders (
  activity_id uuid NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  due_on date NOT NULL,
  sent_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (activity_id, due_on)
);
