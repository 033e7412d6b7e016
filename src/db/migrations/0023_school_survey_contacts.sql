CREATE TABLE "school_survey_contacts" (
	"school_id" integer PRIMARY KEY NOT NULL REFERENCES "schools"("id"),
	"office_id" text NOT NULL REFERENCES "offices"("id"),
	"person_id" integer NOT NULL REFERENCES "people"("id"),
	"named_by" integer NOT NULL REFERENCES "people"("id"),
	"named_at" timestamp with time zone NOT NULL
);
