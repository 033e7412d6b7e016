-- Equipment loans, hand-over and return (issue 11): what a technician handed over for a loan (a batch, which the
-- borrower confirms with a button) and each item's way back (returned with its condition, reported missing, sent to
-- repair). An item is out on at most one loan at a time: a partial unique index, checked by the database.
CREATE TABLE "loan_handovers" (
	"id" serial PRIMARY KEY NOT NULL,
	"office_id" text NOT NULL,
	"loan_id" integer NOT NULL,
	"handed_over_by" integer NOT NULL,
	"handed_over_at" timestamp with time zone NOT NULL,
	"condition" text NOT NULL,
	"photo_media_id" integer,
	"confirmed_by" integer,
	"confirmed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "loan_handover_items" (
	"id" serial PRIMARY KEY NOT NULL,
	"office_id" text NOT NULL,
	"handover_id" integer NOT NULL,
	"loan_id" integer NOT NULL,
	"item_id" integer NOT NULL,
	"returned_at" timestamp with time zone,
	"received_by" integer,
	"return_condition" text,
	"missing_at" timestamp with time zone,
	"repair_ticket_id" integer
);
--> statement-breakpoint
ALTER TABLE "loan_handovers" ADD CONSTRAINT "loan_handovers_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_handovers" ADD CONSTRAINT "loan_handovers_loan_id_loans_id_fk" FOREIGN KEY ("loan_id") REFERENCES "public"."loans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_handovers" ADD CONSTRAINT "loan_handovers_handed_over_by_people_id_fk" FOREIGN KEY ("handed_over_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_handovers" ADD CONSTRAINT "loan_handovers_photo_media_id_media_files_id_fk" FOREIGN KEY ("photo_media_id") REFERENCES "public"."media_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_handovers" ADD CONSTRAINT "loan_handovers_confirmed_by_people_id_fk" FOREIGN KEY ("confirmed_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_handover_items" ADD CONSTRAINT "loan_handover_items_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_handover_items" ADD CONSTRAINT "loan_handover_items_handover_id_loan_handovers_id_fk" FOREIGN KEY ("handover_id") REFERENCES "public"."loan_handovers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_handover_items" ADD CONSTRAINT "loan_handover_items_loan_id_loans_id_fk" FOREIGN KEY ("loan_id") REFERENCES "public"."loans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_handover_items" ADD CONSTRAINT "loan_handover_items_item_id_loan_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."loan_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_handover_items" ADD CONSTRAINT "loan_handover_items_received_by_people_id_fk" FOREIGN KEY ("received_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_handover_items" ADD CONSTRAINT "loan_handover_items_repair_ticket_id_repair_tickets_id_fk" FOREIGN KEY ("repair_ticket_id") REFERENCES "public"."repair_tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "loan_handovers_loan_idx" ON "loan_handovers" USING btree ("loan_id");--> statement-breakpoint
CREATE UNIQUE INDEX "loan_handover_items_loan_item_uq" ON "loan_handover_items" USING btree ("loan_id","item_id");--> statement-breakpoint
CREATE UNIQUE INDEX "loan_handover_items_out_uq" ON "loan_handover_items" USING btree ("item_id") WHERE "loan_handover_items"."returned_at" IS NULL;
--> statement-breakpoint
-- A ticket for the office's own equipment (a loan item returned damaged) belongs to no school.
ALTER TABLE "repair_tickets" ALTER COLUMN "school_id" DROP NOT NULL;
