ALTER TABLE "rooms" ADD COLUMN "check_in" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "room_bookings" ADD COLUMN "checked_in_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "room_bookings_confirmed_start_idx" ON "room_bookings" USING btree ("office_id","starts_at") WHERE "state" = 'confirmed';
