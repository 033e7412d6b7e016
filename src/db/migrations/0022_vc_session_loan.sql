-- A session's VC kit is reserved as the office's own loan; the session keeps that loan, so cancelling or moving the
-- session cancels or moves the reservation in the same transaction.
ALTER TABLE "vc_sessions" ADD COLUMN "loan_id" integer REFERENCES "loans"("id");
--> statement-breakpoint
-- Sessions planned before: their loan is named in the planning's history.
UPDATE "vc_sessions" AS s SET "loan_id" = (e."data"->>'loanId')::int
FROM "vc_session_events" AS e
WHERE e."session_id" = s."id" AND e."action" = 'planned' AND jsonb_typeof(e."data"->'loanId') = 'number' AND s."loan_id" IS NULL;
