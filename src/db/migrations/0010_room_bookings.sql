CREATE EXTENSION IF NOT EXISTS btree_gist;
--> statement-breakpoint
CREATE TABLE "rooms" (
	"id" serial PRIMARY KEY NOT NULL,
	"office_id" text NOT NULL,
	"name" text NOT NULL,
	"capacity" integer DEFAULT 10 NOT NULL,
	"equipment" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"location" text,
	"photo_url" text,
	"open_from" text DEFAULT '08:30' NOT NULL,
	"open_until" text DEFAULT '16:30' NOT NULL,
	"open_days" jsonb DEFAULT '[1,2,3,4,5]'::jsonb NOT NULL,
	"slot_minutes" integer DEFAULT 60 NOT NULL,
	"needs_approval" boolean DEFAULT false NOT NULL,
	"approver_role" text,
	"min_notice_minutes" integer DEFAULT 0 NOT NULL,
	"max_minutes" integer DEFAULT 480 NOT NULL,
	"max_days_ahead" integer DEFAULT 60 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rooms_capacity_ck" CHECK ("rooms"."capacity" > 0),
	CONSTRAINT "rooms_slot_ck" CHECK ("rooms"."slot_minutes" > 0)
);
--> statement-breakpoint
CREATE TABLE "room_bookings" (
	"id" serial PRIMARY KEY NOT NULL,
	"office_id" text NOT NULL,
	"room_id" integer NOT NULL,
	"booker_id" integer NOT NULL,
	"title" text NOT NULL,
	"people" integer NOT NULL,
	"needs" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"during" tstzrange GENERATED ALWAYS AS (tstzrange("starts_at", "ends_at", '[)')) STORED NOT NULL,
	"state" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"series_id" uuid,
	"decided_by" integer,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "room_bookings_range_ck" CHECK ("room_bookings"."ends_at" > "room_bookings"."starts_at"),
	CONSTRAINT "room_bookings_people_ck" CHECK ("room_bookings"."people" > 0),
	CONSTRAINT "room_bookings_state_ck" CHECK ("room_bookings"."state" IN ('tentative', 'confirmed', 'declined', 'cancelled', 'released')),
	-- No two bookings that hold a room (tentative or confirmed) overlap, ever: two people booking the last slot at
	-- once are decided here, by the database, whatever the application checked before.
	CONSTRAINT "room_bookings_no_overlap" EXCLUDE USING gist ("room_id" WITH =, "during" WITH &&) WHERE ("state" IN ('tentative', 'confirmed'))
);
--> statement-breakpoint
CREATE TABLE "room_booking_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"booking_id" integer NOT NULL,
	"office_id" text NOT NULL,
	"actor_id" integer,
	"action" text NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "rooms" ADD CONSTRAINT "rooms_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "room_bookings" ADD CONSTRAINT "room_bookings_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "room_bookings" ADD CONSTRAINT "room_bookings_room_id_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."rooms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "room_bookings" ADD CONSTRAINT "room_bookings_booker_id_people_id_fk" FOREIGN KEY ("booker_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "room_bookings" ADD CONSTRAINT "room_bookings_decided_by_people_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "room_booking_events" ADD CONSTRAINT "room_booking_events_booking_id_room_bookings_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."room_bookings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "room_booking_events" ADD CONSTRAINT "room_booking_events_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "room_booking_events" ADD CONSTRAINT "room_booking_events_actor_id_people_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "rooms_name_uq" ON "rooms" USING btree ("office_id","name");--> statement-breakpoint
CREATE INDEX "room_bookings_booker_idx" ON "room_bookings" USING btree ("office_id","booker_id","starts_at");--> statement-breakpoint
CREATE INDEX "room_bookings_tentative_idx" ON "room_bookings" USING btree ("office_id","starts_at") WHERE "state" = 'tentative';--> statement-breakpoint
CREATE INDEX "room_bookings_series_idx" ON "room_bookings" USING btree ("series_id") WHERE "series_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "room_booking_events_booking_idx" ON "room_booking_events" USING btree ("booking_id","action");
