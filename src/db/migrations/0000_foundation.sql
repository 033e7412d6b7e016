CREATE TABLE "conversations" (
	"channel_id" text NOT NULL,
	"office_id" text NOT NULL,
	"user_id" text NOT NULL,
	"flow" text NOT NULL,
	"step" text NOT NULL,
	"version" integer NOT NULL,
	"data" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "conversations_channel_id_user_id_pk" PRIMARY KEY("channel_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "inbox_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"webhook_event_id" text NOT NULL,
	"channel_id" text NOT NULL,
	"office_id" text NOT NULL,
	"chat_key" text NOT NULL,
	"event_type" text NOT NULL,
	"mode" text NOT NULL,
	"event_timestamp" timestamp with time zone NOT NULL,
	"payload" jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"handled_at" timestamp with time zone,
	"reply_token_claimed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "line_channels" (
	"id" text PRIMARY KEY NOT NULL,
	"office_id" text NOT NULL,
	"channel_secret" text NOT NULL,
	"channel_access_token" text NOT NULL,
	"api_base_url" text,
	"data_api_base_url" text,
	"monthly_message_budget" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "message_budget_alerts" (
	"channel_id" text NOT NULL,
	"month" text NOT NULL,
	"level" integer NOT NULL,
	"used" integer NOT NULL,
	"budget" integer NOT NULL,
	"raised_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "message_budget_alerts_channel_id_month_level_pk" PRIMARY KEY("channel_id","month","level")
);
--> statement-breakpoint
CREATE TABLE "offices" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigserial NOT NULL,
	"channel_id" text NOT NULL,
	"office_id" text NOT NULL,
	"to_user_id" text NOT NULL,
	"messages" jsonb NOT NULL,
	"reply_token" text,
	"reply_deadline" timestamp with time zone,
	"source_event_id" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"sent_via" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"line_request_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_channel_id_line_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."line_channels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_events" ADD CONSTRAINT "inbox_events_channel_id_line_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."line_channels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_events" ADD CONSTRAINT "inbox_events_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "line_channels" ADD CONSTRAINT "line_channels_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_budget_alerts" ADD CONSTRAINT "message_budget_alerts_channel_id_line_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."line_channels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD CONSTRAINT "outbox_messages_channel_id_line_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."line_channels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD CONSTRAINT "outbox_messages_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "inbox_events_webhook_event_id_uq" ON "inbox_events" USING btree ("webhook_event_id");--> statement-breakpoint
CREATE INDEX "inbox_events_pending_idx" ON "inbox_events" USING btree ("chat_key","id") WHERE status = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_messages_seq_uq" ON "outbox_messages" USING btree ("seq");--> statement-breakpoint
CREATE INDEX "outbox_messages_pending_idx" ON "outbox_messages" USING btree ("to_user_id","seq") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "outbox_messages_sent_push_idx" ON "outbox_messages" USING btree ("channel_id","sent_at") WHERE sent_via = 'push';