CREATE TABLE "dltv_register" (
	"id" serial PRIMARY KEY NOT NULL,
	"office_id" text NOT NULL REFERENCES "offices"("id"),
	"school_id" integer NOT NULL REFERENCES "schools"("id"),
	"classroom" text NOT NULL,
	"classroom_key" text NOT NULL,
	"position" integer NOT NULL,
	"dish" text,
	"lnb" text,
	"receiver" text,
	"tv" text,
	"note" text,
	"response_id" integer NOT NULL REFERENCES "survey_responses"("id"),
	"updated_by" integer REFERENCES "people"("id"),
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "dltv_register_dish_ck" CHECK ("dish" IS NULL OR "dish" IN ('good', 'partial', 'broken', 'none')),
	CONSTRAINT "dltv_register_lnb_ck" CHECK ("lnb" IS NULL OR "lnb" IN ('good', 'partial', 'broken', 'none')),
	CONSTRAINT "dltv_register_receiver_ck" CHECK ("receiver" IS NULL OR "receiver" IN ('good', 'partial', 'broken', 'none')),
	CONSTRAINT "dltv_register_tv_ck" CHECK ("tv" IS NULL OR "tv" IN ('good', 'partial', 'broken', 'none'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "dltv_register_school_classroom_uq" ON "dltv_register" USING btree ("school_id","classroom_key");
