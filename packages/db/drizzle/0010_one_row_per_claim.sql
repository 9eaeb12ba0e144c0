-- Issue 9 §1: check-then-insert becomes a unique index (the verbs insert ON CONFLICT). Rows an older
-- build let in twice are settled first, keeping the earliest: a later duplicate payment reference gets
-- its id appended (the money row itself is never dropped), a superseded pending promise is cancelled,
-- an earlier open callback of a case is closed in favour of the latest booked.
UPDATE "payments" p SET "reference" = p."reference" || ' #' || p."id"
  FROM (SELECT "id", row_number() OVER (PARTITION BY "case_id", "reference" ORDER BY "created_at", "id") AS n
          FROM "payments" WHERE "reference" IS NOT NULL) d
 WHERE p."id" = d."id" AND d.n > 1;--> statement-breakpoint
UPDATE "promises" p SET "status" = 'cancelled', "resolved_at" = now()
  FROM (SELECT "id", row_number() OVER (PARTITION BY "case_id" ORDER BY "created_at" DESC, "id" DESC) AS n
          FROM "promises" WHERE "status" = 'pending') d
 WHERE p."id" = d."id" AND d.n > 1;--> statement-breakpoint
UPDATE "callbacks" c SET "done_at" = now()
  FROM (SELECT "id", row_number() OVER (PARTITION BY "case_id" ORDER BY "created_at" DESC, "id" DESC) AS n
          FROM "callbacks" WHERE "done_at" IS NULL) d
 WHERE c."id" = d."id" AND d.n > 1;--> statement-breakpoint
ALTER TABLE "contact_attempts" ADD COLUMN "outreach_step_version" integer;--> statement-breakpoint
CREATE UNIQUE INDEX "callbacks_one_open_per_case" ON "callbacks" USING btree ("case_id") WHERE done_at is null;--> statement-breakpoint
CREATE UNIQUE INDEX "contact_attempts_step_claim_key" ON "contact_attempts" USING btree ("outreach_step_id","outreach_step_version") WHERE outreach_step_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "promises_one_pending_per_case" ON "promises" USING btree ("case_id") WHERE status = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "payments_case_reference_key" ON "payments" USING btree ("case_id","reference") WHERE reference is not null;