-- Placement imports (issue 16) insert accounts by the hundred thousand in one statement; the row-level
-- rollup trigger (0007) ran a PL/pgSQL call and a one-row INSERT for each of them (a fifth of the
-- accounts insert of a 100,000-row file). The same inbox rows, in the same transaction, queued once per
-- statement from its transition table: what the fold counts does not change.
CREATE OR REPLACE FUNCTION "public"."casebook_rollup_enqueue_accounts"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO rollup_inbox (source, ref_id) SELECT 'account', id FROM new_accounts;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
DROP TRIGGER "accounts_rollup" ON "public"."accounts";
--> statement-breakpoint
CREATE TRIGGER "accounts_rollup" AFTER INSERT ON "public"."accounts"
  REFERENCING NEW TABLE AS new_accounts
  FOR EACH STATEMENT EXECUTE FUNCTION "public"."casebook_rollup_enqueue_accounts"();
