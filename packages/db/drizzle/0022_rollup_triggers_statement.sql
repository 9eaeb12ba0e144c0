-- Gated dispatch (issue 15) writes a batch's decisions, claims, outcomes and step changes one statement
-- per table, but the rollup triggers still ran once per row: a PL/pgSQL call and a one-row INSERT per
-- decision, attempt and outcome (0007), and per changed step an inbox pair and a dispatch_log upsert with
-- its joins (0016) — nine trigger calls and their statements for every step sent. The same rows, in the
-- same transaction, now come once per statement from the transition tables (as accounts since 0021):
-- rollup_inbox, rollup_step_inbox and dispatch_log end up holding exactly what the row triggers wrote.
CREATE OR REPLACE FUNCTION "public"."casebook_rollup_enqueue_rows"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'contact_attempts' THEN
    INSERT INTO rollup_inbox (source, ref_id) SELECT 'attempt', id FROM new_rows;
  ELSIF TG_TABLE_NAME = 'contact_outcomes' THEN
    INSERT INTO rollup_inbox (source, ref_id) SELECT 'outcome', id FROM new_rows WHERE outcome IN ('conversation', 'wrong_party', 'refused');
  ELSIF TG_TABLE_NAME = 'compliance_decisions' THEN
    INSERT INTO rollup_inbox (source, ref_id) SELECT 'decision', id FROM new_rows;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
DROP TRIGGER "contact_attempts_rollup" ON "public"."contact_attempts";
--> statement-breakpoint
CREATE TRIGGER "contact_attempts_rollup" AFTER INSERT ON "public"."contact_attempts"
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "public"."casebook_rollup_enqueue_rows"();
--> statement-breakpoint
DROP TRIGGER "contact_outcomes_rollup" ON "public"."contact_outcomes";
--> statement-breakpoint
CREATE TRIGGER "contact_outcomes_rollup" AFTER INSERT ON "public"."contact_outcomes"
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "public"."casebook_rollup_enqueue_rows"();
--> statement-breakpoint
DROP TRIGGER "compliance_decisions_rollup" ON "public"."compliance_decisions";
--> statement-breakpoint
CREATE TRIGGER "compliance_decisions_rollup" AFTER INSERT ON "public"."compliance_decisions"
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "public"."casebook_rollup_enqueue_rows"();
--> statement-breakpoint
-- The steps' funnel inbox and dispatch_log (0016), per statement. An update pairs each row's old and
-- new versions by id (a step's id never changes). A step decided (a new last_decision_id) gets its
-- dispatch_log row written whole; a step whose decision stays moves its row's state, reason, due time,
-- channel and update time; a step that lost its decision, or was deleted, loses its row.
CREATE OR REPLACE FUNCTION "public"."casebook_outreach_steps_rollup"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO rollup_step_inbox (case_id, strategy_step_id, day, state, given_up, delta)
      SELECT n.case_id, n.strategy_step_id, (n.due_at AT TIME ZONE 'UTC')::date, n.state, n.reason IS NOT DISTINCT FROM 'retries_exhausted', 1
      FROM new_steps n WHERE n.strategy_step_id IS NOT NULL;
    INSERT INTO dispatch_log AS l (step_id, case_id, client_id, strategy_id, stage_id, channel, state, reason, due_at, updated_at, decision_id, decision, rules)
      SELECT n.id, n.case_id, c.client_id, n.strategy_id, ss.stage_id, n.channel, n.state, n.reason, n.due_at, n.updated_at,
        n.last_decision_id, cd.decision,
        coalesce((SELECT array_agg(DISTINCT r ->> 'rule') FROM jsonb_array_elements(cd.results) r WHERE r ->> 'outcome' IN ('block', 'defer')), '{}')
      FROM new_steps n
      JOIN cases c ON c.id = n.case_id
      LEFT JOIN strategy_steps ss ON ss.id = n.strategy_step_id
      LEFT JOIN compliance_decisions cd ON cd.id = n.last_decision_id
      WHERE n.last_decision_id IS NOT NULL
      ON CONFLICT (step_id) DO UPDATE SET strategy_id = excluded.strategy_id, stage_id = excluded.stage_id, channel = excluded.channel,
        state = excluded.state, reason = excluded.reason, due_at = excluded.due_at, updated_at = excluded.updated_at,
        decision_id = excluded.decision_id, decision = excluded.decision, rules = excluded.rules;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO rollup_step_inbox (case_id, strategy_step_id, day, state, given_up, delta)
      SELECT o.case_id, o.strategy_step_id, (o.due_at AT TIME ZONE 'UTC')::date, o.state, o.reason IS NOT DISTINCT FROM 'retries_exhausted', -1
      FROM old_steps o WHERE o.strategy_step_id IS NOT NULL;
    DELETE FROM dispatch_log WHERE step_id IN (SELECT id FROM old_steps);
  ELSE
    -- Updates that change neither funnel key (a lease, a claim's bookkeeping) add nothing to the inbox.
    INSERT INTO rollup_step_inbox (case_id, strategy_step_id, day, state, given_up, delta)
      SELECT x.case_id, x.strategy_step_id, x.day, x.state, x.given_up, x.delta
      FROM old_steps o JOIN new_steps n ON n.id = o.id
      CROSS JOIN LATERAL (VALUES
        (o.case_id, o.strategy_step_id, (o.due_at AT TIME ZONE 'UTC')::date, o.state, o.reason IS NOT DISTINCT FROM 'retries_exhausted', -1),
        (n.case_id, n.strategy_step_id, (n.due_at AT TIME ZONE 'UTC')::date, n.state, n.reason IS NOT DISTINCT FROM 'retries_exhausted', 1)
      ) AS x (case_id, strategy_step_id, day, state, given_up, delta)
      WHERE x.strategy_step_id IS NOT NULL
        AND (o.state IS DISTINCT FROM n.state OR o.reason IS DISTINCT FROM n.reason
          OR o.due_at IS DISTINCT FROM n.due_at OR o.strategy_step_id IS DISTINCT FROM n.strategy_step_id);
    INSERT INTO dispatch_log AS l (step_id, case_id, client_id, strategy_id, stage_id, channel, state, reason, due_at, updated_at, decision_id, decision, rules)
      SELECT n.id, n.case_id, c.client_id, n.strategy_id, ss.stage_id, n.channel, n.state, n.reason, n.due_at, n.updated_at,
        n.last_decision_id, cd.decision,
        coalesce((SELECT array_agg(DISTINCT r ->> 'rule') FROM jsonb_array_elements(cd.results) r WHERE r ->> 'outcome' IN ('block', 'defer')), '{}')
      FROM old_steps o JOIN new_steps n ON n.id = o.id
      JOIN cases c ON c.id = n.case_id
      LEFT JOIN strategy_steps ss ON ss.id = n.strategy_step_id
      LEFT JOIN compliance_decisions cd ON cd.id = n.last_decision_id
      WHERE n.last_decision_id IS NOT NULL AND o.last_decision_id IS DISTINCT FROM n.last_decision_id
      ON CONFLICT (step_id) DO UPDATE SET strategy_id = excluded.strategy_id, stage_id = excluded.stage_id, channel = excluded.channel,
        state = excluded.state, reason = excluded.reason, due_at = excluded.due_at, updated_at = excluded.updated_at,
        decision_id = excluded.decision_id, decision = excluded.decision, rules = excluded.rules;
    UPDATE dispatch_log l SET state = n.state, reason = n.reason, due_at = n.due_at, updated_at = n.updated_at, channel = n.channel
      FROM old_steps o JOIN new_steps n ON n.id = o.id
      WHERE l.step_id = n.id AND n.last_decision_id IS NOT NULL AND o.last_decision_id IS NOT DISTINCT FROM n.last_decision_id
        AND (o.state IS DISTINCT FROM n.state OR o.reason IS DISTINCT FROM n.reason OR o.due_at IS DISTINCT FROM n.due_at
          OR o.updated_at IS DISTINCT FROM n.updated_at OR o.channel IS DISTINCT FROM n.channel);
    DELETE FROM dispatch_log l USING old_steps o JOIN new_steps n ON n.id = o.id
      WHERE l.step_id = n.id AND n.last_decision_id IS NULL AND o.last_decision_id IS NOT NULL;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
DROP TRIGGER "outreach_steps_rollup" ON "public"."outreach_steps";
--> statement-breakpoint
DROP FUNCTION "public"."casebook_outreach_step_rollup"();
--> statement-breakpoint
CREATE TRIGGER "outreach_steps_rollup_insert" AFTER INSERT ON "public"."outreach_steps"
  REFERENCING NEW TABLE AS new_steps
  FOR EACH STATEMENT EXECUTE FUNCTION "public"."casebook_outreach_steps_rollup"();
--> statement-breakpoint
CREATE TRIGGER "outreach_steps_rollup_update" AFTER UPDATE ON "public"."outreach_steps"
  REFERENCING OLD TABLE AS old_steps NEW TABLE AS new_steps
  FOR EACH STATEMENT EXECUTE FUNCTION "public"."casebook_outreach_steps_rollup"();
--> statement-breakpoint
CREATE TRIGGER "outreach_steps_rollup_delete" AFTER DELETE ON "public"."outreach_steps"
  REFERENCING OLD TABLE AS old_steps
  FOR EACH STATEMENT EXECUTE FUNCTION "public"."casebook_outreach_steps_rollup"();
