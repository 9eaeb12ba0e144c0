CREATE TABLE "case_bucket_moves" (
	"day" date NOT NULL,
	"case_id" uuid NOT NULL,
	"from_state" text NOT NULL,
	"to_state" text NOT NULL,
	CONSTRAINT "case_bucket_moves_day_case_id_pk" PRIMARY KEY("day","case_id")
);
--> statement-breakpoint
CREATE TABLE "rollup_buckets_daily" (
	"day" date NOT NULL,
	"client_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"strategy_id" uuid NOT NULL,
	"from_state" text NOT NULL,
	"to_state" text NOT NULL,
	"cases" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rollup_buckets_daily_day_client_id_team_id_strategy_id_from_state_to_state_pk" PRIMARY KEY("day","client_id","team_id","strategy_id","from_state","to_state")
);
--> statement-breakpoint
CREATE TABLE "rollup_watermarks" (
	"name" text PRIMARY KEY NOT NULL,
	"through_day" date NOT NULL
);
--> statement-breakpoint
CREATE INDEX "case_bucket_moves_case_id_index" ON "case_bucket_moves" USING btree ("case_id");