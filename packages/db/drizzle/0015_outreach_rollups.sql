CREATE TABLE "dispatch_log" (
	"step_id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"strategy_id" uuid,
	"stage_id" uuid,
	"channel" "channel" NOT NULL,
	"state" "outreach_state" NOT NULL,
	"reason" "outreach_step_reason",
	"due_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"decision_id" uuid NOT NULL,
	"decision" "decision_kind",
	"rules" text[] NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rollup_outreach_daily" (
	"day" date NOT NULL,
	"client_id" uuid NOT NULL,
	"stage_id" uuid NOT NULL,
	"state" "outreach_state" NOT NULL,
	"given_up" boolean NOT NULL,
	"steps" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rollup_outreach_daily_day_client_id_stage_id_state_given_up_pk" PRIMARY KEY("day","client_id","stage_id","state","given_up")
);
--> statement-breakpoint
CREATE TABLE "rollup_step_inbox" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "rollup_step_inbox_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"case_id" uuid NOT NULL,
	"strategy_step_id" uuid NOT NULL,
	"day" date NOT NULL,
	"state" "outreach_state" NOT NULL,
	"given_up" boolean NOT NULL,
	"delta" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "dispatch_log_recent_idx" ON "dispatch_log" USING btree ("updated_at" DESC NULLS LAST,"step_id");--> statement-breakpoint
CREATE INDEX "dispatch_log_client_recent_idx" ON "dispatch_log" USING btree ("client_id","updated_at" DESC NULLS LAST);