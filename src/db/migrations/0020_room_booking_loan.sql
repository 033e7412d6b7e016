ALTER TABLE "room_bookings" ADD COLUMN "loan_id" integer REFERENCES "loans"("id");
