-- A client's policy versions are evidence too: a decision is explained by the figures in force when it
-- was made, so a version is never edited or removed; a change is a new version.
CREATE TRIGGER "client_policy_versions_append_only" BEFORE UPDATE OR DELETE ON "public"."client_policy_versions"
  FOR EACH ROW EXECUTE FUNCTION "public"."casebook_reject_append_only_change"();
--> statement-breakpoint
CREATE TRIGGER "client_policy_versions_append_only_truncate" BEFORE TRUNCATE ON "public"."client_policy_versions"
  FOR EACH STATEMENT EXECUTE FUNCTION "public"."casebook_reject_append_only_change"();
--> statement-breakpoint
ALTER TABLE "public"."client_policy_versions" ENABLE ALWAYS TRIGGER "client_policy_versions_append_only";
--> statement-breakpoint
ALTER TABLE "public"."client_policy_versions" ENABLE ALWAYS TRIGGER "client_policy_versions_append_only_truncate";
