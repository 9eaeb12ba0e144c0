ALTER TABLE "users" ADD COLUMN "session_version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "login_attempts" ADD COLUMN "throttled" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- The append-only triggers fire whatever session_replication_role says (issue 10): `ENABLE ALWAYS`,
-- so a connection that may set it (a superuser's) still cannot rewrite the evidence by switching the
-- triggers to replica mode. The app's own role cannot set it, nor ALTER these tables (infra/README.md).
ALTER TABLE "public"."contact_attempts" ENABLE ALWAYS TRIGGER "contact_attempts_append_only";
--> statement-breakpoint
ALTER TABLE "public"."contact_attempts" ENABLE ALWAYS TRIGGER "contact_attempts_append_only_truncate";
--> statement-breakpoint
ALTER TABLE "public"."contact_outcomes" ENABLE ALWAYS TRIGGER "contact_outcomes_append_only";
--> statement-breakpoint
ALTER TABLE "public"."contact_outcomes" ENABLE ALWAYS TRIGGER "contact_outcomes_append_only_truncate";
--> statement-breakpoint
ALTER TABLE "public"."compliance_decisions" ENABLE ALWAYS TRIGGER "compliance_decisions_append_only";
--> statement-breakpoint
ALTER TABLE "public"."compliance_decisions" ENABLE ALWAYS TRIGGER "compliance_decisions_append_only_truncate";
--> statement-breakpoint
ALTER TABLE "public"."audit_events" ENABLE ALWAYS TRIGGER "audit_events_append_only";
--> statement-breakpoint
ALTER TABLE "public"."audit_events" ENABLE ALWAYS TRIGGER "audit_events_append_only_truncate";
