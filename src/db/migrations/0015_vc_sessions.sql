CREATE TABLE "vc_sessions" (
	"id" serial PRIMARY KEY NOT NULL,
	"office_id" text NOT NULL,
	"title" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"platform" text NOT NULL,
	"link" text,
	"room_booking_id" integer,
	"kit_id" integer,
	"team" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"organiser_id" integer NOT NULL,
	"audience" jsonb NOT NULL,
	"state" text DEFAULT 'planned' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "vc_sessions_range_ck" CHECK ("vc_sessions"."ends_at" > "vc_sessions"."starts_at"),
	CONSTRAINT "vc_sessions_state_ck" CHECK ("vc_sessions"."state" IN ('planned', 'cancelled', 'ended'))
);
--> statement-breakpoint
CREATE TABLE "vc_invitations" (
	"id" serial PRIMARY KEY NOT NULL,
	"session_id" integer NOT NULL,
	"office_id" text NOT NULL,
	"school_id" integer NOT NULL,
	"person_id" integer,
	"answer" text,
	"delegate" text,
	"answered_at" timestamp with time zone,
	"answered_by" integer,
	"pushed_at" timestamp with time zone,
	"reminded_at" timestamp with time zone,
	"attended" boolean DEFAULT false NOT NULL,
	"attended_at" timestamp with time zone,
	"attended_by" integer,
	"evaluation" jsonb,
	"evaluated_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "vc_invitations_answer_ck" CHECK ("vc_invitations"."answer" IS NULL OR "vc_invitations"."answer" IN ('join', 'decline'))
);
--> statement-breakpoint
CREATE TABLE "vc_session_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"session_id" integer NOT NULL,
	"office_id" text NOT NULL,
	"actor_id" integer,
	"action" text NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "vc_sessions" ADD CONSTRAINT "vc_sessions_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vc_sessions" ADD CONSTRAINT "vc_sessions_room_booking_id_room_bookings_id_fk" FOREIGN KEY ("room_booking_id") REFERENCES "public"."room_bookings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vc_sessions" ADD CONSTRAINT "vc_sessions_kit_id_loan_kits_id_fk" FOREIGN KEY ("kit_id") REFERENCES "public"."loan_kits"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vc_sessions" ADD CONSTRAINT "vc_sessions_organiser_id_people_id_fk" FOREIGN KEY ("organiser_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vc_invitations" ADD CONSTRAINT "vc_invitations_session_id_vc_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."vc_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vc_invitations" ADD CONSTRAINT "vc_invitations_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vc_invitations" ADD CONSTRAINT "vc_invitations_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vc_invitations" ADD CONSTRAINT "vc_invitations_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vc_invitations" ADD CONSTRAINT "vc_invitations_answered_by_people_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vc_invitations" ADD CONSTRAINT "vc_invitations_attended_by_people_id_fk" FOREIGN KEY ("attended_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vc_session_events" ADD CONSTRAINT "vc_session_events_session_id_vc_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."vc_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vc_session_events" ADD CONSTRAINT "vc_session_events_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vc_session_events" ADD CONSTRAINT "vc_session_events_actor_id_people_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "vc_sessions_office_idx" ON "vc_sessions" USING btree ("office_id","starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "vc_invitations_school_uq" ON "vc_invitations" USING btree ("session_id","school_id");--> statement-breakpoint
CREATE INDEX "vc_invitations_person_idx" ON "vc_invitations" USING btree ("office_id","person_id");--> statement-breakpoint
CREATE INDEX "vc_invitations_unpushed_idx" ON "vc_invitations" USING btree ("session_id") WHERE "pushed_at" IS NULL;--> statement-breakpoint
CREATE INDEX "vc_session_events_session_idx" ON "vc_session_events" USING btree ("session_id","action");
--> statement-breakpoint
-- Inviting a thousand schools picks each school's director or contact: people by school, not a scan per school.
CREATE INDEX IF NOT EXISTS "people_school_idx" ON "people" USING btree ("school_id") WHERE "school_id" IS NOT NULL;
