CREATE TABLE "loan_item_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"office_id" text NOT NULL,
	"item_id" integer NOT NULL,
	"actor_id" integer,
	"action" text NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"note" text,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "loan_consumable_uses" (
	"id" serial PRIMARY KEY NOT NULL,
	"office_id" text NOT NULL,
	"consumable_id" integer NOT NULL,
	"kind" text NOT NULL,
	"quantity" integer NOT NULL,
	"stock_after" integer NOT NULL,
	"school_id" integer,
	"recipient_name" text,
	"purpose" text,
	"by_person_id" integer,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "loan_consumable_uses_quantity_ck" CHECK ("loan_consumable_uses"."quantity" > 0),
	CONSTRAINT "loan_consumable_uses_kind_ck" CHECK ("loan_consumable_uses"."kind" in ('hand_out', 'restock'))
);
--> statement-breakpoint
ALTER TABLE "loan_consumables" ADD COLUMN "low_stock_alerted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "loan_item_events" ADD CONSTRAINT "loan_item_events_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_item_events" ADD CONSTRAINT "loan_item_events_item_id_loan_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."loan_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_item_events" ADD CONSTRAINT "loan_item_events_actor_id_people_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_consumable_uses" ADD CONSTRAINT "loan_consumable_uses_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_consumable_uses" ADD CONSTRAINT "loan_consumable_uses_consumable_id_loan_consumables_id_fk" FOREIGN KEY ("consumable_id") REFERENCES "public"."loan_consumables"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_consumable_uses" ADD CONSTRAINT "loan_consumable_uses_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_consumable_uses" ADD CONSTRAINT "loan_consumable_uses_by_person_id_people_id_fk" FOREIGN KEY ("by_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "loan_item_events_item_idx" ON "loan_item_events" USING btree ("item_id","id");--> statement-breakpoint
CREATE INDEX "loan_consumable_uses_office_at_idx" ON "loan_consumable_uses" USING btree ("office_id","at");
