-- Directory checking tasks are for "directory researchers" (domain research §4.2, W8): a
-- champion may claim and complete them only while they hold a role whose template grants
-- directory research. Staff with directory:verify keep their access through their own roles.
ALTER TABLE champion_role_templates
  ADD COLUMN grants_directory_research boolean NOT NULL DEFAULT false;

-- The role every practice starts with (champion-defaults.ts) grants it.
UPDATE champion_role_templates SET grants_directory_research = true WHERE name = 'Directory researcher';

