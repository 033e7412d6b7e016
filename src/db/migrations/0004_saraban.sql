CREATE TABLE "acting_assignments" (
	"id" serial PRIMARY KEY NOT NULL,
	"office_id" text NOT NULL,
	"principal_id" integer NOT NULL,
	"acting_id" integer NOT NULL,
	"kind" text NOT NULL,
	"starts_on" text NOT NULL,
	"ends_on" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "letter_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"letter_id" integer NOT NULL,
	"office_id" text NOT NULL,
	"actor_id" integer,
	"action" text NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "letter_loans" (
	"id" serial PRIMARY KEY NOT NULL,
	"office_id" text NOT NULL,
	"letter_id" integer NOT NULL,
	"borrower_name" text NOT NULL,
	"borrower_id" integer,
	"purpose" text NOT NULL,
	"lent_by" integer NOT NULL,
	"lent_at" timestamp with time zone NOT NULL,
	"due_date" text NOT NULL,
	"returned_at" timestamp with time zone,
	"returned_by" text,
	"received_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "letter_notices" (
	"letter_id" integer NOT NULL,
	"person_id" integer NOT NULL,
	"office_id" text NOT NULL,
	"kind" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone,
	"delivered_via" text,
	CONSTRAINT "letter_notices_letter_id_person_id_kind_pk" PRIMARY KEY("letter_id","person_id","kind")
);
--> statement-breakpoint
CREATE TABLE "letters" (
	"id" serial PRIMARY KEY NOT NULL,
	"office_id" text NOT NULL,
	"register" text NOT NULL,
	"year" integer NOT NULL,
	"number" integer NOT NULL,
	"doc_no" text,
	"doc_date" text,
	"from_name" text,
	"to_name" text,
	"subject" text,
	"kind" text NOT NULL,
	"urgency" text NOT NULL,
	"act_by" text,
	"secrecy" text NOT NULL,
	"status" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"registered_at" timestamp with time zone NOT NULL,
	"registered_by" integer NOT NULL,
	"assigned_by" integer,
	"assignee_id" integer,
	"instruction" text,
	"assigned_at" timestamp with time zone,
	"acknowledged_at" timestamp with time zone,
	"proposed_by" integer,
	"proposed_to" integer,
	"proposal_ask" text,
	"proposal_note" text,
	"proposed_at" timestamp with time zone,
	"decision" text,
	"decision_text" text,
	"decided_by" integer,
	"decided_acting" text,
	"decided_at" timestamp with time zone,
	"remarks" text,
	"cancelled_at" timestamp with time zone,
	"cancelled_by" integer,
	"cancel_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "acting_assignments" ADD CONSTRAINT "acting_assignments_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "acting_assignments" ADD CONSTRAINT "acting_assignments_principal_id_people_id_fk" FOREIGN KEY ("principal_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "acting_assignments" ADD CONSTRAINT "acting_assignments_acting_id_people_id_fk" FOREIGN KEY ("acting_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "acting_assignments" ADD CONSTRAINT "acting_assignments_created_by_people_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letter_events" ADD CONSTRAINT "letter_events_letter_id_letters_id_fk" FOREIGN KEY ("letter_id") REFERENCES "public"."letters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letter_events" ADD CONSTRAINT "letter_events_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letter_events" ADD CONSTRAINT "letter_events_actor_id_people_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letter_loans" ADD CONSTRAINT "letter_loans_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letter_loans" ADD CONSTRAINT "letter_loans_letter_id_letters_id_fk" FOREIGN KEY ("letter_id") REFERENCES "public"."letters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letter_loans" ADD CONSTRAINT "letter_loans_borrower_id_people_id_fk" FOREIGN KEY ("borrower_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letter_loans" ADD CONSTRAINT "letter_loans_lent_by_people_id_fk" FOREIGN KEY ("lent_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letter_loans" ADD CONSTRAINT "letter_loans_received_by_people_id_fk" FOREIGN KEY ("received_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letter_notices" ADD CONSTRAINT "letter_notices_letter_id_letters_id_fk" FOREIGN KEY ("letter_id") REFERENCES "public"."letters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letter_notices" ADD CONSTRAINT "letter_notices_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letter_notices" ADD CONSTRAINT "letter_notices_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letters" ADD CONSTRAINT "letters_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letters" ADD CONSTRAINT "letters_registered_by_people_id_fk" FOREIGN KEY ("registered_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letters" ADD CONSTRAINT "letters_assigned_by_people_id_fk" FOREIGN KEY ("assigned_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letters" ADD CONSTRAINT "letters_assignee_id_people_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letters" ADD CONSTRAINT "letters_proposed_by_people_id_fk" FOREIGN KEY ("proposed_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letters" ADD CONSTRAINT "letters_proposed_to_people_id_fk" FOREIGN KEY ("proposed_to") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letters" ADD CONSTRAINT "letters_decided_by_people_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letters" ADD CONSTRAINT "letters_cancelled_by_people_id_fk" FOREIGN KEY ("cancelled_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "acting_assignments_acting_idx" ON "acting_assignments" USING btree ("office_id","acting_id");--> statement-breakpoint
CREATE INDEX "letter_events_letter_idx" ON "letter_events" USING btree ("letter_id","id");--> statement-breakpoint
CREATE INDEX "letter_loans_open_idx" ON "letter_loans" USING btree ("office_id","returned_at");--> statement-breakpoint
CREATE INDEX "letter_notices_pending_idx" ON "letter_notices" USING btree ("office_id","delivered_at");--> statement-breakpoint
CREATE UNIQUE INDEX "letters_number_uq" ON "letters" USING btree ("office_id","register","year","number");--> statement-breakpoint
CREATE INDEX "letters_status_idx" ON "letters" USING btree ("office_id","status");--> statement-breakpoint
CREATE INDEX "letters_assignee_idx" ON "letters" USING btree ("assignee_id","status");--> statement-breakpoint
CREATE INDEX "letters_proposed_to_idx" ON "letters" USING btree ("proposed_to","status");