-- Each school's agencies list starts from what staff already typed: every
-- distinct free-text agency (ignoring case and surrounding spaces) on its
-- incidents, actions and pupil profiles becomes a list entry, and those
-- records then refer to it by id. A value that cannot be an entry (over 100
-- characters) stays as free text. Ids a record already holds are kept.
-- Version snapshots are history and keep the names as they were saved.
--
-- The owner runs migrations, and FORCE would hide every row from it (the
-- policies are for haven_app), so FORCE is lifted for the copy and set again
-- (on the new table for the first time) before the migration ends.
ALTER TABLE "incidents" NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "incident_actions" NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "student_profiles" NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
INSERT INTO "agencies" ("school_id", "id", "name")
SELECT "school_id", gen_random_uuid(), min("name")
FROM (
  SELECT r."school_id", btrim(v) AS "name" FROM "incidents" r, jsonb_array_elements_text(r."agencies") AS v
  UNION ALL
  SELECT r."school_id", btrim(v) FROM "incident_actions" r, jsonb_array_elements_text(r."agencies") AS v
  UNION ALL
  SELECT r."school_id", btrim(v) FROM "student_profiles" r, jsonb_array_elements_text(r."agencies") AS v
) AS typed
WHERE char_length("name") BETWEEN 1 AND 100
GROUP BY "school_id", lower("name")
ON CONFLICT DO NOTHING;
--> statement-breakpoint
UPDATE "incidents" r SET
  "agency_ids" = (SELECT coalesce(jsonb_agg(DISTINCT x), '[]'::jsonb) FROM (
    SELECT jsonb_array_elements_text(r."agency_ids") AS x
    UNION
    SELECT a."id"::text FROM jsonb_array_elements_text(r."agencies") AS v
    JOIN "agencies" a ON a."school_id" = r."school_id" AND lower(a."name") = lower(btrim(v))) AS u),
  "agencies" = coalesce((
    SELECT jsonb_agg(v ORDER BY n) FROM jsonb_array_elements_text(r."agencies") WITH ORDINALITY AS t(v, n)
    WHERE NOT EXISTS (SELECT 1 FROM "agencies" a WHERE a."school_id" = r."school_id" AND lower(a."name") = lower(btrim(v)))), '[]'::jsonb)
WHERE jsonb_array_length(r."agencies") > 0;
--> statement-breakpoint
UPDATE "incident_actions" r SET
  "agency_ids" = (SELECT coalesce(jsonb_agg(DISTINCT x), '[]'::jsonb) FROM (
    SELECT jsonb_array_elements_text(r."agency_ids") AS x
    UNION
    SELECT a."id"::text FROM jsonb_array_elements_text(r."agencies") AS v
    JOIN "agencies" a ON a."school_id" = r."school_id" AND lower(a."name") = lower(btrim(v))) AS u),
  "agencies" = coalesce((
    SELECT jsonb_agg(v ORDER BY n) FROM jsonb_array_elements_text(r."agencies") WITH ORDINALITY AS t(v, n)
    WHERE NOT EXISTS (SELECT 1 FROM "agencies" a WHERE a."school_id" = r."school_id" AND lower(a."name") = lower(btrim(v)))), '[]'::jsonb)
WHERE jsonb_array_length(r."agencies") > 0;
--> statement-breakpoint
UPDATE "student_profiles" r SET
  "agency_ids" = (SELECT coalesce(jsonb_agg(DISTINCT x), '[]'::jsonb) FROM (
    SELECT jsonb_array_elements_text(r."agency_ids") AS x
    UNION
    SELECT a."id"::text FROM jsonb_array_elements_text(r."agencies") AS v
    JOIN "agencies" a ON a."school_id" = r."school_id" AND lower(a."name") = lower(btrim(v))) AS u),
  "agencies" = coalesce((
    SELECT jsonb_agg(v ORDER BY n) FROM jsonb_array_elements_text(r."agencies") WITH ORDINALITY AS t(v, n)
    WHERE NOT EXISTS (SELECT 1 FROM "agencies" a WHERE a."school_id" = r."school_id" AND lower(a."name") = lower(btrim(v)))), '[]'::jsonb)
WHERE jsonb_array_length(r."agencies") > 0;
--> statement-breakpoint
ALTER TABLE "incidents" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "incident_actions" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "student_profiles" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "agencies" FORCE ROW LEVEL SECURITY;
