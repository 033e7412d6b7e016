DROP INDEX "inbox_events_pending_idx";--> statement-breakpoint
CREATE INDEX "inbox_events_pending_chat_idx" ON "inbox_events" USING btree ("chat_key","event_timestamp","id") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "inbox_events_pending_due_idx" ON "inbox_events" USING btree ("event_timestamp","id") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "outbox_messages_pending_seq_idx" ON "outbox_messages" USING btree ("seq") WHERE status = 'pending';