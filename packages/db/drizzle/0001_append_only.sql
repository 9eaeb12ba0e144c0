-- Append-only tables (CONVENTIONS.md, DOMAIN.md): the contact ledger, its outcomes, the compliance
-- decisions and the audit trail are the evidence in a complaint or a lawsuit. A later fact is a new row,
-- never an edit, so the database itself refuses UPDATE, DELETE and TRUNCATE, whatever the caller.
-- The demo seed's --reset does not bypass this: it drops and recreates the whole database.
CREATE OR REPLACE FUNCTION "public"."casebook_reject_append_only_change"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'append-only table %: % is not allowed', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'restrict_violation',
          HINT = 'Record a later fact as a new row (e.g. a contact_outcomes row), never edit or remove one.';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "contact_attempts_append_only" BEFORE UPDATE OR DELETE ON "public"."contact_attempts"
  FOR EACH ROW EXECUTE FUNCTION "public"."casebook_reject_append_only_change"();
--> statement-breakpoint
CREATE TRIGGER "contact_attempts_append_only_truncate" BEFORE TRUNCATE ON "public"."contact_attempts"
  FOR EACH STATEMENT EXECUTE FUNCTION "public"."casebook_reject_append_only_change"();
--> statement-breakpoint
CREATE TRIGGER "contact_outcomes_append_only" BEFORE UPDATE OR DELETE ON "public"."contact_outcomes"
  FOR EACH ROW EXECUTE FUNCTION "public"."casebook_reject_append_only_change"();
--> statement-breakpoint
CREATE TRIGGER "contact_outcomes_append_only_truncate" BEFORE TRUNCATE ON "public"."contact_outcomes"
  FOR EACH STATEMENT EXECUTE FUNCTION "public"."casebook_reject_append_only_change"();
--> statement-breakpoint
CREATE TRIGGER "compliance_decisions_append_only" BEFORE UPDATE OR DELETE ON "public"."compliance_decisions"
  FOR EACH ROW EXECUTE FUNCTION "public"."casebook_reject_append_only_change"();
--> statement-breakpoint
CREATE TRIGGER "compliance_decisions_append_only_truncate" BEFORE TRUNCATE ON "public"."compliance_decisions"
  FOR EACH STATEMENT EXECUTE FUNCTION "public"."casebook_reject_append_only_change"();
--> statement-breakpoint
CREATE TRIGGER "audit_events_append_only" BEFORE UPDATE OR DELETE ON "public"."audit_events"
  FOR EACH ROW EXECUTE FUNCTION "public"."casebook_reject_append_only_change"();
--> statement-breakpoint
CREATE TRIGGER "audit_events_append_only_truncate" BEFORE TRUNCATE ON "public"."audit_events"
  FOR EACH STATEMENT EXECUTE FUNCTION "public"."casebook_reject_append_only_change"();
--> statement-breakpoint
-- Name search in the console (ILIKE '%wang%', similarity) on lower(full_name): a trigram GIN index.
-- pg_trgm ships with Debian's postgresql-15 (contrib is part of the server package).
CREATE EXTENSION IF NOT EXISTS "pg_trgm";
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "persons_full_name_trgm_idx" ON "public"."persons" USING gin (lower("full_name") "public"."gin_trgm_ops");
