-- Access requests to the office's information systems (issue 13, work area 5: แบบคำร้องขอเข้าถึงระบบสารสนเทศ).
-- The systems the admin keeps (each with the registered person who administers it), the requests (a request the
-- group director decides, then the system's administrator records the grant or refuses it), and their history.
-- A granted access stays on its row until it is ended (ended_at/ended_by): the rows are the audit of who has access.
CREATE TABLE "info_systems" (
	"id" serial PRIMARY KEY NOT NULL,
	"office_id" text NOT NULL REFERENCES "offices"("id"),
	"name" text NOT NULL,
	"description" text,
	"admin_person_id" integer REFERENCES "people"("id"),
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "info_systems_name_uq" ON "info_systems" ("office_id", "name");
--> statement-breakpoint
CREATE TABLE "access_requests" (
	"id" serial PRIMARY KEY NOT NULL,
	"office_id" text NOT NULL REFERENCES "offices"("id"),
	"requester_id" integer NOT NULL REFERENCES "people"("id"),
	"system_id" integer NOT NULL REFERENCES "info_systems"("id"),
	"level" text NOT NULL,
	"reason" text NOT NULL,
	"state" text DEFAULT 'submitted' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"decided_by" integer REFERENCES "people"("id"),
	"decided_acting" text,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"granted_by" integer REFERENCES "people"("id"),
	"granted_at" timestamp with time zone,
	"refused_by" integer REFERENCES "people"("id"),
	"refused_at" timestamp with time zone,
	"refused_reason" text,
	"ended_by" integer REFERENCES "people"("id"),
	"ended_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "access_requests_level_ck" CHECK ("level" IN ('view', 'record', 'admin'))
);
--> statement-breakpoint
CREATE INDEX "access_requests_state_idx" ON "access_requests" ("office_id", "state");
--> statement-breakpoint
CREATE INDEX "access_requests_requester_idx" ON "access_requests" ("requester_id");
--> statement-breakpoint
CREATE TABLE "access_request_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"request_id" integer NOT NULL REFERENCES "access_requests"("id"),
	"office_id" text NOT NULL REFERENCES "offices"("id"),
	"actor_id" integer REFERENCES "people"("id"),
	"action" text NOT NULL,
	"note" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "access_request_events_request_idx" ON "access_request_events" ("request_id", "id");
