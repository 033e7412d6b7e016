-- A round may be sent to named people (the attendees of an activity) instead of an audience by role, and may belong
-- to a video conference (its evaluation): one round per session.
ALTER TABLE "survey_rounds" ADD COLUMN "respondent_ids" integer[];
--> statement-breakpoint
ALTER TABLE "survey_rounds" ADD COLUMN "vc_session_id" integer REFERENCES "vc_sessions"("id");
--> statement-breakpoint
CREATE UNIQUE INDEX "survey_rounds_vc_session_uq" ON "survey_rounds" USING btree ("vc_session_id") WHERE "vc_session_id" IS NOT NULL;
--> statement-breakpoint
ALTER TABLE "survey_rounds" DROP CONSTRAINT "survey_rounds_audience_ck";
--> statement-breakpoint
ALTER TABLE "survey_rounds" ADD CONSTRAINT "survey_rounds_audience_ck" CHECK ("audience" IN ('school_directors', 'school_teachers', 'office_staff', 'attendees'));
--> statement-breakpoint
ALTER TABLE "survey_rounds" ADD CONSTRAINT "survey_rounds_attendees_ck" CHECK (("audience" = 'attendees') = ("respondent_ids" IS NOT NULL));
