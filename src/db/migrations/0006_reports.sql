CREATE TABLE "line_message_months" (
	"channel_id" text NOT NULL,
	"office_id" text NOT NULL,
	"month" text NOT NULL,
	"pushes" integer NOT NULL,
	"replies" integer NOT NULL,
	"budget" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "line_message_months_channel_id_month_pk" PRIMARY KEY("channel_id","month")
);
--> statement-breakpoint
CREATE TABLE "report_deliveries" (
	"office_id" text NOT NULL,
	"person_id" integer NOT NULL,
	"period_key" text NOT NULL,
	"delivered_at" timestamp with time zone NOT NULL,
	CONSTRAINT "report_deliveries_office_id_person_id_period_key_pk" PRIMARY KEY("office_id","person_id","period_key")
);
--> statement-breakpoint
ALTER TABLE "line_message_months" ADD CONSTRAINT "line_message_months_channel_id_line_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."line_channels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "line_message_months" ADD CONSTRAINT "line_message_months_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_deliveries" ADD CONSTRAINT "report_deliveries_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_deliveries" ADD CONSTRAINT "report_deliveries_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;