-- A survey campaign to every school of 183 offices (bench/surveys-bench.ts) read each office's people and asked the
-- outbox which once-only keys were used, both by scanning the whole table: 11 and 9 ms an office at 36,600 people
-- and pushes, growing with every office and every message kept. The office's people by role, and the outbox by
-- source (jobs' once-only keys, webhook events), are now index lookups.
CREATE INDEX IF NOT EXISTS "people_office_role_idx" ON "people" USING btree ("office_id","role");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "outbox_messages_source_idx" ON "outbox_messages" USING btree ("source_event_id") WHERE "source_event_id" IS NOT NULL;
