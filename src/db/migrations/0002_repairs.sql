CREATE TABLE "holidays" (
	"office_id" text NOT NULL,
	"date" text NOT NULL,
	"name" text NOT NULL,
	CONSTRAINT "holidays_office_id_date_pk" PRIMARY KEY("office_id","date")
);
--> statement-breakpoint
CREATE TABLE "media_files" (
	"id" serial PRIMARY KEY NOT NULL,
	"office_id" text NOT NULL,
	"owner_type" text,
	"owner_id" integer,
	"purpose" text NOT NULL,
	"line_message_id" text NOT NULL,
	"uploaded_by" integer,
	"content_type" text NOT NULL,
	"file_name" text,
	"size_bytes" integer NOT NULL,
	"content" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "office_settings" (
	"office_id" text PRIMARY KEY NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "register_counters" (
	"office_id" text NOT NULL,
	"register" text NOT NULL,
	"year" integer NOT NULL,
	"last_value" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "register_counters_office_id_register_year_pk" PRIMARY KEY("office_id","register","year")
);
--> statement-breakpoint
CREATE TABLE "repair_categories" (
	"id" serial PRIMARY KEY NOT NULL,
	"office_id" text NOT NULL,
	"group_code" text NOT NULL,
	"code" text NOT NULL,
	"label" text NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "repair_ticket_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"ticket_id" integer NOT NULL,
	"office_id" text NOT NULL,
	"actor_id" integer,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text,
	"note" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "repair_tickets" (
	"id" serial PRIMARY KEY NOT NULL,
	"office_id" text NOT NULL,
	"fiscal_year" integer NOT NULL,
	"seq" integer NOT NULL,
	"school_id" integer NOT NULL,
	"reporter_id" integer NOT NULL,
	"category_id" integer NOT NULL,
	"description" text NOT NULL,
	"classroom" text,
	"teaching_stopped" boolean NOT NULL,
	"priority" text NOT NULL,
	"status" text DEFAULT 'new' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"assignee_id" integer,
	"visit_at" timestamp with time zone,
	"waiting_reason" text,
	"waiting_since" timestamp with time zone,
	"paused_office_minutes" integer DEFAULT 0 NOT NULL,
	"accept_due_at" timestamp with time zone,
	"resolve_due_at" timestamp with time zone,
	"accepted_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"confirmed_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"resolution" text,
	"parts_used" text,
	"rating" integer,
	"rating_comment" text,
	"accept_escalation_level" integer DEFAULT 0 NOT NULL,
	"resolve_escalation_level" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "holidays" ADD CONSTRAINT "holidays_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "media_files" ADD CONSTRAINT "media_files_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "media_files" ADD CONSTRAINT "media_files_uploaded_by_people_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "office_settings" ADD CONSTRAINT "office_settings_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "register_counters" ADD CONSTRAINT "register_counters_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_categories" ADD CONSTRAINT "repair_categories_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_ticket_events" ADD CONSTRAINT "repair_ticket_events_ticket_id_repair_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."repair_tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_ticket_events" ADD CONSTRAINT "repair_ticket_events_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_ticket_events" ADD CONSTRAINT "repair_ticket_events_actor_id_people_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_tickets" ADD CONSTRAINT "repair_tickets_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_tickets" ADD CONSTRAINT "repair_tickets_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_tickets" ADD CONSTRAINT "repair_tickets_reporter_id_people_id_fk" FOREIGN KEY ("reporter_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_tickets" ADD CONSTRAINT "repair_tickets_category_id_repair_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."repair_categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_tickets" ADD CONSTRAINT "repair_tickets_assignee_id_people_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "media_files_line_message_uq" ON "media_files" USING btree ("office_id","line_message_id");--> statement-breakpoint
CREATE INDEX "media_files_owner_idx" ON "media_files" USING btree ("owner_type","owner_id");--> statement-breakpoint
CREATE UNIQUE INDEX "repair_categories_code_uq" ON "repair_categories" USING btree ("office_id","code");--> statement-breakpoint
CREATE INDEX "repair_ticket_events_ticket_idx" ON "repair_ticket_events" USING btree ("ticket_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "repair_tickets_number_uq" ON "repair_tickets" USING btree ("office_id","fiscal_year","seq");--> statement-breakpoint
CREATE INDEX "repair_tickets_school_open_idx" ON "repair_tickets" USING btree ("school_id","status");