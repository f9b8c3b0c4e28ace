-- Availability is recorded per day of the week and part of the day ('tue_morning'), so the
-- talent register can find who is free on a Tuesday morning. The four coarse values of the
-- first form are expanded into the slots they meant: weekday mornings become Monday to Friday
-- mornings, weekends become Saturday and Sunday at any time of day.
INSERT INTO champion_tags (champion_id, kind, value)
SELECT t.champion_id, 'availability', day || '_' || part
FROM champion_tags t
CROSS JOIN LATERAL (
  SELECT day, part
  FROM unnest(ARRAY['mon', 'tue', 'wed', 'thu', 'fri']) AS day,
       unnest(ARRAY[CASE t.value WHEN 'weekday_mornings' THEN 'morning' WHEN 'weekday_afternoons' THEN 'afternoon' ELSE 'evening' END]) AS part
  WHERE t.value IN ('weekday_mornings', 'weekday_afternoons', 'weekday_evenings')
  UNION ALL
  SELECT day, part
  FROM unnest(ARRAY['sat', 'sun']) AS day, unnest(ARRAY['morning', 'afternoon', 'evening']) AS part
  WHERE t.value = 'weekends'
) AS slots
WHERE t.kind = 'availability' AND t.value IN ('weekday_mornings', 'weekday_afternoons', 'weekday_evenings', 'weekends')
ON CONFLICT DO NOTHING;

DELETE FROM champion_tags
WHERE kind = 'availability' AND value IN ('weekday_mornings', 'weekday_afternoons', 'weekday_evenings', 'weekends');
