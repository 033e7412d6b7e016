ALTER TABLE "inbox_events" ALTER COLUMN "next_attempt_at" SET DEFAULT 'epoch';--> statement-breakpoint
ALTER TABLE "outbox_messages" ALTER COLUMN "next_attempt_at" SET DEFAULT 'epoch';