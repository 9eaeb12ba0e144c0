-- The drill-down's per-case rollup (issue 13): listPortfolioCases read a metric's events from the ledger
-- at the click (a year of contacts probed contact_outcomes once per attempt). rollup_case_daily holds per
-- metric, UTC day and case the events and their amount, folded from rollup_inbox with the portfolio.
CREATE TYPE "public"."case_drill_metric" AS ENUM('attempts', 'contacts', 'rpcs', 'promisesMade', 'promisesKept', 'promisesBroken', 'collected');--> statement-breakpoint
-- The key carries events and amount (INCLUDE, written here by hand: the schema builder has no INCLUDE),
-- so a drill over one metric's days is an index-only scan.
CREATE TABLE "rollup_case_daily" (
	"metric" "case_drill_metric" NOT NULL,
	"day" date NOT NULL,
	"case_id" uuid NOT NULL,
	"events" integer DEFAULT 0 NOT NULL,
	"amount" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "rollup_case_daily_metric_day_case_id_pk" PRIMARY KEY("metric","day","case_id") INCLUDE ("events", "amount")
);
--> statement-breakpoint
-- A database migrated with data in it: the new rollup starts equal to what the fold has already counted
-- into rollup_portfolio_daily, i.e. the ledger as it is now minus what rollup_inbox still queues (the next
-- fold adds that to both). Under the fold's lock (held to the migration's commit), in one statement (one
-- snapshot): a ledger row and its inbox row commit together, so each is seen with or without both.
-- Contacts and RPCs follow the fold's first-reach rule: an attempt counts once one of its reach outcomes
-- has left the inbox (the fold of a queued one counts it only when none has).
SELECT pg_advisory_xact_lock(hashtext('casebook:rollup-fold'));
--> statement-breakpoint
INSERT INTO "rollup_case_daily" ("metric", "day", "case_id", "events", "amount")
SELECT x.metric, x.day, x.case_id, sum(x.events), sum(x.amount) FROM (
  SELECT 'attempts'::case_drill_metric AS metric, (a.started_at AT TIME ZONE 'UTC')::date AS day, a.case_id, 1 AS events, 0::bigint AS amount
    FROM contact_attempts a
    WHERE a.direction = 'outbound' AND NOT EXISTS (SELECT 1 FROM rollup_inbox i WHERE i.ref_id = a.id AND i.source = 'attempt')
  UNION ALL
  SELECT 'contacts', (a.started_at AT TIME ZONE 'UTC')::date, a.case_id, 1, 0
    FROM contact_attempts a
    WHERE a.direction = 'outbound' AND EXISTS (SELECT 1 FROM contact_outcomes o WHERE o.attempt_id = a.id
      AND o.outcome IN ('conversation', 'wrong_party', 'refused') AND NOT EXISTS (SELECT 1 FROM rollup_inbox i WHERE i.ref_id = o.id))
  UNION ALL
  SELECT 'rpcs', (a.started_at AT TIME ZONE 'UTC')::date, a.case_id, 1, 0
    FROM contact_attempts a
    WHERE a.direction = 'outbound' AND a.party_role = 'consumer' AND EXISTS (SELECT 1 FROM contact_outcomes o WHERE o.attempt_id = a.id
      AND o.outcome = 'conversation' AND NOT EXISTS (SELECT 1 FROM rollup_inbox i WHERE i.ref_id = o.id))
  UNION ALL
  SELECT 'promisesMade', (p.created_at AT TIME ZONE 'UTC')::date, p.case_id, 1, p.amount_minor
    FROM promises p WHERE NOT EXISTS (SELECT 1 FROM rollup_inbox i WHERE i.ref_id = p.id AND i.source = 'promise_made')
  UNION ALL
  SELECT CASE WHEN p.status = 'kept' THEN 'promisesKept'::case_drill_metric ELSE 'promisesBroken' END, p.due_date, p.case_id, 1, p.amount_minor
    FROM promises p WHERE p.status IN ('kept', 'broken')
  UNION ALL
  SELECT CASE WHEN i.source = 'promise_kept' THEN 'promisesKept'::case_drill_metric ELSE 'promisesBroken' END, p.due_date, p.case_id,
      -i.delta::int, -i.delta * p.amount_minor
    FROM rollup_inbox i JOIN promises p ON p.id = i.ref_id WHERE i.source IN ('promise_kept', 'promise_broken')
  UNION ALL
  SELECT 'collected', (p.received_at AT TIME ZONE 'UTC')::date, p.case_id, 1, p.amount_minor
    FROM payments p WHERE p.status = 'posted'
  UNION ALL
  SELECT 'collected', (p.received_at AT TIME ZONE 'UTC')::date, p.case_id, -sign(i.delta)::int, -i.delta
    FROM rollup_inbox i JOIN payments p ON p.id = i.ref_id WHERE i.source = 'payment'
) x
GROUP BY 1, 2, 3
HAVING sum(x.events) <> 0 OR sum(x.amount) <> 0;
