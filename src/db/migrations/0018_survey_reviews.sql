ALTER TABLE "survey_responses" ADD COLUMN "review" text;--> statement-breakpoint
ALTER TABLE "survey_responses" ADD COLUMN "review_note" text;--> statement-breakpoint
ALTER TABLE "survey_responses" ADD COLUMN "reviewed_by" integer REFERENCES "people"("id");--> statement-breakpoint
ALTER TABLE "survey_responses" ADD COLUMN "reviewed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_review_ck" CHECK ("review" IS NULL OR "review" IN ('accepted', 'returned', 'rejected'));
