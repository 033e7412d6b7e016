-- Equipment loans, second part (issue 11): requests to borrow, their lines, the items reserved for their dates, and
-- their history. "Two requests for the last free projector: exactly one gets it" is the exclusion constraint on
-- loan_reservations: an item cannot be held by two live reservations whose dates overlap, checked by the database
-- inside the transaction that reserves it.
CREATE EXTENSION IF NOT EXISTS btree_gist;
--> statement-breakpoint
CREATE TABLE "loans" (
	"id" serial PRIMARY KEY NOT NULL,
	"office_id" text NOT NULL,
	"requester_id" integer NOT NULL,
	"school_id" integer,
	"purpose" text NOT NULL,
	"place" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"state" text DEFAULT 'submitted' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"needs_endorsement" boolean DEFAULT false NOT NULL,
	"endorsed_by" integer,
	"endorsed_acting" text,
	"endorsed_at" timestamp with time zone,
	"decided_by" integer,
	"decided_acting" text,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"submitted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "loans_dates_ck" CHECK ("loans"."ends_on" >= "loans"."starts_on")
);
--> statement-breakpoint
CREATE TABLE "loan_lines" (
	"id" serial PRIMARY KEY NOT NULL,
	"office_id" text NOT NULL,
	"loan_id" integer NOT NULL,
	"type_id" integer,
	"kit_id" integer,
	"item_id" integer,
	"quantity" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "loan_lines_quantity_ck" CHECK ("loan_lines"."quantity" > 0),
	CONSTRAINT "loan_lines_one_target_ck" CHECK (num_nonnulls("loan_lines"."type_id", "loan_lines"."kit_id", "loan_lines"."item_id") = 1)
);
--> statement-breakpoint
CREATE TABLE "loan_reservations" (
	"id" serial PRIMARY KEY NOT NULL,
	"office_id" text NOT NULL,
	"loan_id" integer NOT NULL,
	"line_id" integer NOT NULL,
	"item_id" integer NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"released_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "loan_reservations_dates_ck" CHECK ("loan_reservations"."ends_on" >= "loan_reservations"."starts_on"),
	CONSTRAINT "loan_reservations_no_overlap" EXCLUDE USING gist ("item_id" WITH =, daterange("starts_on", "ends_on", '[]') WITH &&) WHERE ("released_at" IS NULL)
);
--> statement-breakpoint
CREATE TABLE "loan_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"loan_id" integer NOT NULL,
	"office_id" text NOT NULL,
	"actor_id" integer,
	"action" text NOT NULL,
	"note" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "loans" ADD CONSTRAINT "loans_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loans" ADD CONSTRAINT "loans_requester_id_people_id_fk" FOREIGN KEY ("requester_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loans" ADD CONSTRAINT "loans_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loans" ADD CONSTRAINT "loans_endorsed_by_people_id_fk" FOREIGN KEY ("endorsed_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loans" ADD CONSTRAINT "loans_decided_by_people_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_lines" ADD CONSTRAINT "loan_lines_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_lines" ADD CONSTRAINT "loan_lines_loan_id_loans_id_fk" FOREIGN KEY ("loan_id") REFERENCES "public"."loans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_lines" ADD CONSTRAINT "loan_lines_type_id_loan_item_types_id_fk" FOREIGN KEY ("type_id") REFERENCES "public"."loan_item_types"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_lines" ADD CONSTRAINT "loan_lines_kit_id_loan_kits_id_fk" FOREIGN KEY ("kit_id") REFERENCES "public"."loan_kits"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_lines" ADD CONSTRAINT "loan_lines_item_id_loan_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."loan_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_reservations" ADD CONSTRAINT "loan_reservations_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_reservations" ADD CONSTRAINT "loan_reservations_loan_id_loans_id_fk" FOREIGN KEY ("loan_id") REFERENCES "public"."loans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_reservations" ADD CONSTRAINT "loan_reservations_line_id_loan_lines_id_fk" FOREIGN KEY ("line_id") REFERENCES "public"."loan_lines"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_reservations" ADD CONSTRAINT "loan_reservations_item_id_loan_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."loan_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_events" ADD CONSTRAINT "loan_events_loan_id_loans_id_fk" FOREIGN KEY ("loan_id") REFERENCES "public"."loans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_events" ADD CONSTRAINT "loan_events_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_events" ADD CONSTRAINT "loan_events_actor_id_people_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "loans_office_state_idx" ON "loans" USING btree ("office_id","state");--> statement-breakpoint
CREATE INDEX "loans_requester_idx" ON "loans" USING btree ("requester_id","id");--> statement-breakpoint
CREATE INDEX "loan_lines_loan_idx" ON "loan_lines" USING btree ("loan_id");--> statement-breakpoint
CREATE INDEX "loan_reservations_loan_idx" ON "loan_reservations" USING btree ("loan_id");--> statement-breakpoint
CREATE INDEX "loan_events_loan_idx" ON "loan_events" USING btree ("loan_id","id");
