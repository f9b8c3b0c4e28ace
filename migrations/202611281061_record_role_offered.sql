-- Which role a person was offered when they moved to 'role_offered' (domain W2 step 4), kept
-- on that move in the stage history. Older moves have none.
ALTER TABLE champion_stage_history ADD COLUMN role_template_id uuid REFERENCES champion_role_templates (id);
