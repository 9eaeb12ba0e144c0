-- The Outreach page's rollups (issue 13), kept as steps change, in the writer's own transaction:
-- rollup_step_inbox gets −1 under a cadence step's old funnel key and +1 under its new one (foldRollups
-- folds it into rollup_outreach_daily); dispatch_log holds one row per step the gate decided on. Updates
-- that change neither key (a lease, a claim) add nothing to the inbox.
CREATE OR REPLACE FUNCTION "public"."casebook_outreach_step_rollup"() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  old_key boolean := TG_OP <> 'INSERT' AND OLD.strategy_step_id IS NOT NULL;
  new_key boolean := TG_OP <> 'DELETE' AND NEW.strategy_step_id IS NOT NULL;
  moved boolean := TG_OP <> 'UPDATE'
    OR OLD.state IS DISTINCT FROM NEW.state OR OLD.reason IS DISTINCT FROM NEW.reason
    OR OLD.due_at IS DISTINCT FROM NEW.due_at OR OLD.strategy_step_id IS DISTINCT FROM NEW.strategy_step_id;
BEGIN
  IF moved AND old_key THEN
    INSERT INTO rollup_step_inbox (case_id, strategy_step_id, day, state, given_up, delta)
      VALUES (OLD.case_id, OLD.strategy_step_id, (OLD.due_at AT TIME ZONE 'UTC')::date, OLD.state,
        OLD.reason IS NOT DISTINCT FROM 'retries_exhausted', -1);
  END IF;
  IF moved AND new_key THEN
    INSERT INTO rollup_step_inbox (case_id, strategy_step_id, day, state, given_up, delta)
      VALUES (NEW.case_id, NEW.strategy_step_id, (NEW.due_at AT TIME ZONE 'UTC')::date, NEW.state,
        NEW.reason IS NOT DISTINCT FROM 'retries_exhausted', 1);
  END IF;
  IF TG_OP = 'DELETE' THEN
    DELETE FROM dispatch_log WHERE step_id = OLD.id;
  ELSIF NEW.last_decision_id IS NOT NULL THEN
    IF TG_OP = 'INSERT' OR OLD.last_decision_id IS DISTINCT FROM NEW.last_decision_id THEN
      INSERT INTO dispatch_log AS l (step_id, case_id, client_id, strategy_id, stage_id, channel, state, reason, due_at, updated_at, decision_id, decision, rules)
      SELECT NEW.id, NEW.case_id, c.client_id, NEW.strategy_id, ss.stage_id, NEW.channel, NEW.state, NEW.reason, NEW.due_at, NEW.updated_at,
        NEW.last_decision_id, cd.decision,
        coalesce((SELECT array_agg(DISTINCT r ->> 'rule') FROM jsonb_array_elements(cd.results) r WHERE r ->> 'outcome' IN ('block', 'defer')), '{}')
      FROM cases c
      LEFT JOIN strategy_steps ss ON ss.id = NEW.strategy_step_id
      LEFT JOIN compliance_decisions cd ON cd.id = NEW.last_decision_id
      WHERE c.id = NEW.case_id
      ON CONFLICT (step_id) DO UPDATE SET strategy_id = excluded.strategy_id, stage_id = excluded.stage_id, channel = excluded.channel,
        state = excluded.state, reason = excluded.reason, due_at = excluded.due_at, updated_at = excluded.updated_at,
        decision_id = excluded.decision_id, decision = excluded.decision, rules = excluded.rules;
    ELSIF OLD.state IS DISTINCT FROM NEW.state OR OLD.reason IS DISTINCT FROM NEW.reason OR OLD.due_at IS DISTINCT FROM NEW.due_at
      OR OLD.updated_at IS DISTINCT FROM NEW.updated_at OR OLD.channel IS DISTINCT FROM NEW.channel THEN
      UPDATE dispatch_log SET state = NEW.state, reason = NEW.reason, due_at = NEW.due_at, updated_at = NEW.updated_at, channel = NEW.channel
        WHERE step_id = NEW.id;
    END IF;
  ELSIF OLD.last_decision_id IS NOT NULL THEN
    DELETE FROM dispatch_log WHERE step_id = NEW.id;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "outreach_steps_rollup" AFTER INSERT OR UPDATE OR DELETE ON "public"."outreach_steps"
  FOR EACH ROW EXECUTE FUNCTION "public"."casebook_outreach_step_rollup"();
--> statement-breakpoint
-- A database migrated with steps already in it: queue and project what exists.
INSERT INTO rollup_step_inbox (case_id, strategy_step_id, day, state, given_up, delta)
  SELECT case_id, strategy_step_id, (due_at AT TIME ZONE 'UTC')::date, state, reason IS NOT DISTINCT FROM 'retries_exhausted', 1
  FROM outreach_steps WHERE strategy_step_id IS NOT NULL;
--> statement-breakpoint
INSERT INTO dispatch_log (step_id, case_id, client_id, strategy_id, stage_id, channel, state, reason, due_at, updated_at, decision_id, decision, rules)
  SELECT os.id, os.case_id, c.client_id, os.strategy_id, ss.stage_id, os.channel, os.state, os.reason, os.due_at, os.updated_at, os.last_decision_id, cd.decision,
    coalesce((SELECT array_agg(DISTINCT r ->> 'rule') FROM jsonb_array_elements(cd.results) r WHERE r ->> 'outcome' IN ('block', 'defer')), '{}')
  FROM outreach_steps os JOIN cases c ON c.id = os.case_id
  LEFT JOIN strategy_steps ss ON ss.id = os.strategy_step_id
  LEFT JOIN compliance_decisions cd ON cd.id = os.last_decision_id
  WHERE os.last_decision_id IS NOT NULL;
