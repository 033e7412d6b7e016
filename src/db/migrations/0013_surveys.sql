CREATE TABLE "survey_forms" (
	"id" serial PRIMARY KEY NOT NULL,
	"office_id" text NOT NULL REFERENCES "offices"("id"),
	"key" text NOT NULL,
	"version" integer NOT NULL,
	"title" text NOT NULL,
	"definition" jsonb NOT NULL,
	"state" text DEFAULT 'draft' NOT NULL,
	"created_by" integer REFERENCES "people"("id"),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "survey_forms_state_ck" CHECK ("state" IN ('draft', 'open', 'closed'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "survey_forms_key_version_uq" ON "survey_forms" USING btree ("office_id","key","version");--> statement-breakpoint
CREATE TABLE "survey_rounds" (
	"id" serial PRIMARY KEY NOT NULL,
	"office_id" text NOT NULL REFERENCES "offices"("id"),
	"form_id" integer NOT NULL REFERENCES "survey_forms"("id"),
	"title" text NOT NULL,
	"audience" text NOT NULL,
	"district" text,
	"opens_at" timestamp with time zone NOT NULL,
	"closes_on" text NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" integer REFERENCES "people"("id"),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	CONSTRAINT "survey_rounds_state_ck" CHECK ("state" IN ('open', 'closed')),
	CONSTRAINT "survey_rounds_audience_ck" CHECK ("audience" IN ('school_directors', 'school_teachers', 'office_staff'))
);
--> statement-breakpoint
CREATE INDEX "survey_rounds_open_idx" ON "survey_rounds" USING btree ("office_id","state");--> statement-breakpoint
CREATE TABLE "survey_responses" (
	"id" serial PRIMARY KEY NOT NULL,
	"office_id" text NOT NULL REFERENCES "offices"("id"),
	"round_id" integer NOT NULL REFERENCES "survey_rounds"("id"),
	"respondent_key" text NOT NULL,
	"school_id" integer REFERENCES "schools"("id"),
	"person_id" integer NOT NULL REFERENCES "people"("id"),
	"form_version" integer NOT NULL,
	"answers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"state" text DEFAULT 'draft' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submitted_at" timestamp with time zone,
	"submitted_by" integer REFERENCES "people"("id"),
	CONSTRAINT "survey_responses_state_ck" CHECK ("state" IN ('draft', 'submitted'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "survey_responses_respondent_uq" ON "survey_responses" USING btree ("round_id","respondent_key");--> statement-breakpoint
CREATE TABLE "survey_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"office_id" text NOT NULL REFERENCES "offices"("id"),
	"round_id" integer NOT NULL REFERENCES "survey_rounds"("id"),
	"response_id" integer REFERENCES "survey_responses"("id"),
	"actor_id" integer REFERENCES "people"("id"),
	"action" text NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "survey_events_round_idx" ON "survey_events" USING btree ("round_id","id");
