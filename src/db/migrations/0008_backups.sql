CREATE TABLE "backup_runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"trigger" text NOT NULL,
	"status" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"snapshot_at" timestamp with time zone,
	"file_name" text,
	"bytes" bigint,
	"encrypted" boolean,
	"tables" integer,
	"rows" bigint,
	"backup_ms" integer,
	"verify_ms" integer,
	"copy_folder" text,
	"copy_error" text,
	"error" text
);
--> statement-breakpoint
CREATE INDEX "backup_runs_status_idx" ON "backup_runs" USING btree ("status","started_at");