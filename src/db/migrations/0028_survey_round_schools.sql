-- A round may go to some of the office's schools only — a cluster's, the DLTV schools (those in the DLTV register)
-- or ones an officer chose: their ids, fixed when the round is sent (the response rate's denominator does not move),
-- and which of those it was (`cluster:<name>`, `dltv`, `chosen`) to name it on the cards.
ALTER TABLE "survey_rounds" ADD COLUMN "school_ids" integer[];
--> statement-breakpoint
ALTER TABLE "survey_rounds" ADD COLUMN "school_scope" text;
--> statement-breakpoint
ALTER TABLE "survey_rounds" ADD CONSTRAINT "survey_rounds_school_scope_ck" CHECK (("school_ids" IS NULL) = ("school_scope" IS NULL));
