CREATE TABLE "rollup_inbox" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "rollup_inbox_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"source" text NOT NULL,
	"ref_id" uuid NOT NULL,
	"delta" bigint DEFAULT 1 NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rollup_portfolio_daily" (
	"day" date NOT NULL,
	"client_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"strategy_id" uuid NOT NULL,
	"bucket" text NOT NULL,
	"agent_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"contacts" integer DEFAULT 0 NOT NULL,
	"conversations" integer DEFAULT 0 NOT NULL,
	"rpcs" integer DEFAULT 0 NOT NULL,
	"promises_made" integer DEFAULT 0 NOT NULL,
	"promised_minor" bigint DEFAULT 0 NOT NULL,
	"promises_kept" integer DEFAULT 0 NOT NULL,
	"promises_broken" integer DEFAULT 0 NOT NULL,
	"payments" integer DEFAULT 0 NOT NULL,
	"collected_minor" bigint DEFAULT 0 NOT NULL,
	"placed_accounts" integer DEFAULT 0 NOT NULL,
	"placed_minor" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "rollup_portfolio_daily_day_client_id_team_id_strategy_id_bucket_agent_id_pk" PRIMARY KEY("day","client_id","team_id","strategy_id","bucket","agent_id")
);
--> statement-breakpoint
CREATE TABLE "rollup_decisions_daily" (
	"day" date NOT NULL,
	"client_id" uuid NOT NULL,
	"strategy_id" uuid NOT NULL,
	"channel" "channel" NOT NULL,
	"rule" text NOT NULL,
	"outcome" "decision_kind" NOT NULL,
	"decisions" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rollup_decisions_daily_day_client_id_strategy_id_channel_rule_outcome_pk" PRIMARY KEY("day","client_id","strategy_id","channel","rule","outcome")
);
--> statement-breakpoint
CREATE INDEX "rollup_inbox_ref_id_index" ON "rollup_inbox" USING btree ("ref_id");--> statement-breakpoint
CREATE INDEX "contact_attempts_started_at_index" ON "contact_attempts" USING btree ("started_at");--> statement-breakpoint
CREATE INDEX "compliance_decisions_person_id_evaluated_at_index" ON "compliance_decisions" USING btree ("person_id","evaluated_at");--> statement-breakpoint
CREATE INDEX "compliance_decisions_evaluated_at_index" ON "compliance_decisions" USING btree ("evaluated_at");--> statement-breakpoint
CREATE INDEX "compliance_decisions_results_index" ON "compliance_decisions" USING gin ("results" jsonb_path_ops);--> statement-breakpoint
CREATE INDEX "audit_events_at_index" ON "audit_events" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_events_action_at_index" ON "audit_events" USING btree ("action","at");