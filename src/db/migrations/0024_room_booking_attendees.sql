CREATE TABLE "room_booking_attendees" (
	"booking_id" integer NOT NULL REFERENCES "room_bookings"("id"),
	"person_id" integer NOT NULL REFERENCES "people"("id"),
	"office_id" text NOT NULL REFERENCES "offices"("id"),
	"added_at" timestamp with time zone NOT NULL,
	CONSTRAINT "room_booking_attendees_pk" PRIMARY KEY ("booking_id", "person_id")
);
--> statement-breakpoint
CREATE INDEX "room_booking_attendees_person_idx" ON "room_booking_attendees" USING btree ("person_id");
