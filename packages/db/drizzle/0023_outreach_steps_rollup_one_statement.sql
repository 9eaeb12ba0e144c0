-- The steps' rollup trigger of 0022 ran up to four statements per firing (the inbox, the dispatch_log
-- upsert, update and delete): cheap for a dispatch batch's hundred rows, but a one-row update (a
-- delivery receipt, a single-step dispatch) paid four executor runs where the row trigger had paid one
-- (bench/rollup-triggers --batch 1). The same writes as one statement each way, with data-modifying
-- CTEs: the upsert, the update and the delete touch disjoint steps (a new decision, the same decision,
-- no decision), so no row is written twice in the one statement. What is written does not change.
CREATE OR REPLACE FUNCTION "public"."casebook_outreach_steps_rollup"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    WITH inbox AS (
      INSERT INTO rollup_step_inbox (case_id, strategy_step_id, day, state, given_up, delta)
        SELECT n.case_id, n.strategy_step_id, (n.due_at AT TIME ZONE 'UTC')::date, n.state, n.reason IS NOT DISTINCT FROM 'retries_exhausted', 1
        FROM new_steps n WHERE n.strategy_step_id IS NOT NULL
    )
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
    WITH inbox AS (
      INSERT INTO rollup_step_inbox (case_id, strategy_step_id, day, state, given_up, delta)
        SELECT o.case_id, o.strategy_step_id, (o.due_at AT TIME ZONE 'UTC')::date, o.state, o.reason IS NOT DISTINCT FROM 'retries_exhausted', -1
        FROM old_steps o WHERE o.strategy_step_id IS NOT NULL
    )
    DELETE FROM dispatch_log WHERE step_id IN (SELECT id FROM old_steps);
  ELSE
    WITH pairs AS (
      SELECT o.case_id AS o_case_id, o.strategy_step_id AS o_strategy_step_id, o.due_at AS o_due_at, o.state AS o_state, o.reason AS o_reason,
        o.updated_at AS o_updated_at, o.channel AS o_channel, o.last_decision_id AS o_last_decision_id, n.*
      FROM old_steps o JOIN new_steps n ON n.id = o.id
    ),
    inbox AS (
      -- Updates that change neither funnel key (a lease, a claim's bookkeeping) add nothing to the inbox.
      INSERT INTO rollup_step_inbox (case_id, strategy_step_id, day, state, given_up, delta)
        SELECT x.case_id, x.strategy_step_id, x.day, x.state, x.given_up, x.delta
        FROM pairs p
        CROSS JOIN LATERAL (VALUES
          (p.o_case_id, p.o_strategy_step_id, (p.o_due_at AT TIME ZONE 'UTC')::date, p.o_state, p.o_reason IS NOT DISTINCT FROM 'retries_exhausted', -1),
          (p.case_id, p.strategy_step_id, (p.due_at AT TIME ZONE 'UTC')::date, p.state, p.reason IS NOT DISTINCT FROM 'retries_exhausted', 1)
        ) AS x (case_id, strategy_step_id, day, state, given_up, delta)
        WHERE x.strategy_step_id IS NOT NULL
          AND (p.o_state IS DISTINCT FROM p.state OR p.o_reason IS DISTINCT FROM p.reason
            OR p.o_due_at IS DISTINCT FROM p.due_at OR p.o_strategy_step_id IS DISTINCT FROM p.strategy_step_id)
    ),
    decided AS (
      INSERT INTO dispatch_log AS l (step_id, case_id, client_id, strategy_id, stage_id, channel, state, reason, due_at, updated_at, decision_id, decision, rules)
        SELECT p.id, p.case_id, c.client_id, p.strategy_id, ss.stage_id, p.channel, p.state, p.reason, p.due_at, p.updated_at,
          p.last_decision_id, cd.decision,
          coalesce((SELECT array_agg(DISTINCT r ->> 'rule') FROM jsonb_array_elements(cd.results) r WHERE r ->> 'outcome' IN ('block', 'defer')), '{}')
        FROM pairs p
        JOIN cases c ON c.id = p.case_id
        LEFT JOIN strategy_steps ss ON ss.id = p.strategy_step_id
        LEFT JOIN compliance_decisions cd ON cd.id = p.last_decision_id
        WHERE p.last_decision_id IS NOT NULL AND p.o_last_decision_id IS DISTINCT FROM p.last_decision_id
        ON CONFLICT (step_id) DO UPDATE SET strategy_id = excluded.strategy_id, stage_id = excluded.stage_id, channel = excluded.channel,
          state = excluded.state, reason = excluded.reason, due_at = excluded.due_at, updated_at = excluded.updated_at,
          decision_id = excluded.decision_id, decision = excluded.decision, rules = excluded.rules
    ),
    undecided AS (
      DELETE FROM dispatch_log l USING pairs p
        WHERE l.step_id = p.id AND p.last_decision_id IS NULL AND p.o_last_decision_id IS NOT NULL
    )
    UPDATE dispatch_log l SET state = p.state, reason = p.reason, due_at = p.due_at, updated_at = p.updated_at, channel = p.channel
      FROM pairs p
      WHERE l.step_id = p.id AND p.last_decision_id IS NOT NULL AND p.o_last_decision_id IS NOT DISTINCT FROM p.last_decision_id
        AND (p.o_state IS DISTINCT FROM p.state OR p.o_reason IS DISTINCT FROM p.reason OR p.o_due_at IS DISTINCT FROM p.due_at
          OR p.o_updated_at IS DISTINCT FROM p.updated_at OR p.o_channel IS DISTINCT FROM p.channel);
  END IF;
  RETURN NULL;
END;
$$;
