-- Dashboard rollups (issue 13): every fact the supervisor and compliance figures count drops one row into
-- rollup_inbox inside the writer's own transaction, so a fold never misses a committed row and never
-- counts an uncommitted one (a created_at watermark would, with concurrent writers). foldRollups in
-- packages/domain turns inbox batches into rollup deltas. Only reach outcomes are queued: the others
-- change no figure.
CREATE OR REPLACE FUNCTION "public"."casebook_rollup_enqueue"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'contact_attempts' THEN
    INSERT INTO rollup_inbox (source, ref_id) VALUES ('attempt', NEW.id);
  ELSIF TG_TABLE_NAME = 'contact_outcomes' THEN
    IF NEW.outcome IN ('conversation', 'wrong_party', 'refused') THEN
      INSERT INTO rollup_inbox (source, ref_id) VALUES ('outcome', NEW.id);
    END IF;
  ELSIF TG_TABLE_NAME = 'compliance_decisions' THEN
    INSERT INTO rollup_inbox (source, ref_id) VALUES ('decision', NEW.id);
  ELSIF TG_TABLE_NAME = 'accounts' THEN
    IF TG_OP = 'INSERT' THEN
      INSERT INTO rollup_inbox (source, ref_id) VALUES ('account', NEW.id);
    END IF;
  ELSIF TG_TABLE_NAME = 'promises' THEN
    IF TG_OP = 'INSERT' THEN
      INSERT INTO rollup_inbox (source, ref_id) VALUES ('promise_made', NEW.id);
    ELSIF OLD.status IN ('kept', 'broken') AND OLD.status IS DISTINCT FROM NEW.status THEN
      INSERT INTO rollup_inbox (source, ref_id, delta) VALUES ('promise_' || OLD.status::text, NEW.id, -1);
    END IF;
    IF NEW.status IN ('kept', 'broken') AND (TG_OP = 'INSERT' OR OLD.status IS DISTINCT FROM NEW.status) THEN
      INSERT INTO rollup_inbox (source, ref_id, delta) VALUES ('promise_' || NEW.status::text, NEW.id, 1);
    END IF;
  ELSIF TG_TABLE_NAME = 'payments' THEN
    -- Collected money is what is posted and not reversed: a reversal takes the amount back from the
    -- day the payment was received, so a day's figure always equals its posted payments.
    IF TG_OP = 'INSERT' THEN
      IF NEW.status = 'posted' THEN
        INSERT INTO rollup_inbox (source, ref_id, delta) VALUES ('payment', NEW.id, NEW.amount_minor);
      END IF;
    ELSIF OLD.status IS DISTINCT FROM NEW.status THEN
      INSERT INTO rollup_inbox (source, ref_id, delta)
        VALUES ('payment', NEW.id, CASE WHEN NEW.status = 'posted' THEN NEW.amount_minor ELSE -OLD.amount_minor END);
    END IF;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "contact_attempts_rollup" AFTER INSERT ON "public"."contact_attempts"
  FOR EACH ROW EXECUTE FUNCTION "public"."casebook_rollup_enqueue"();
--> statement-breakpoint
CREATE TRIGGER "contact_outcomes_rollup" AFTER INSERT ON "public"."contact_outcomes"
  FOR EACH ROW EXECUTE FUNCTION "public"."casebook_rollup_enqueue"();
--> statement-breakpoint
CREATE TRIGGER "compliance_decisions_rollup" AFTER INSERT ON "public"."compliance_decisions"
  FOR EACH ROW EXECUTE FUNCTION "public"."casebook_rollup_enqueue"();
--> statement-breakpoint
CREATE TRIGGER "accounts_rollup" AFTER INSERT ON "public"."accounts"
  FOR EACH ROW EXECUTE FUNCTION "public"."casebook_rollup_enqueue"();
--> statement-breakpoint
CREATE TRIGGER "promises_rollup" AFTER INSERT OR UPDATE OF "status" ON "public"."promises"
  FOR EACH ROW EXECUTE FUNCTION "public"."casebook_rollup_enqueue"();
--> statement-breakpoint
CREATE TRIGGER "payments_rollup" AFTER INSERT OR UPDATE OF "status" ON "public"."payments"
  FOR EACH ROW EXECUTE FUNCTION "public"."casebook_rollup_enqueue"();
--> statement-breakpoint
-- A database migrated with data already in it: queue what exists, so its first fold counts it all.
INSERT INTO rollup_inbox (source, ref_id) SELECT 'account', id FROM accounts;
--> statement-breakpoint
INSERT INTO rollup_inbox (source, ref_id) SELECT 'attempt', id FROM contact_attempts;
--> statement-breakpoint
INSERT INTO rollup_inbox (source, ref_id) SELECT 'outcome', id FROM contact_outcomes WHERE outcome IN ('conversation', 'wrong_party', 'refused');
--> statement-breakpoint
INSERT INTO rollup_inbox (source, ref_id) SELECT 'decision', id FROM compliance_decisions;
--> statement-breakpoint
INSERT INTO rollup_inbox (source, ref_id) SELECT 'promise_made', id FROM promises;
--> statement-breakpoint
INSERT INTO rollup_inbox (source, ref_id) SELECT 'promise_' || status::text, id FROM promises WHERE status IN ('kept', 'broken');
--> statement-breakpoint
INSERT INTO rollup_inbox (source, ref_id, delta) SELECT 'payment', id, amount_minor FROM payments WHERE status = 'posted';
