CREATE TABLE "rollup_agent_case_days" (
	"agent_id" uuid NOT NULL,
	"day" date NOT NULL,
	"case_id" uuid NOT NULL,
	CONSTRAINT "rollup_agent_case_days_agent_id_day_case_id_pk" PRIMARY KEY("agent_id","day","case_id")
);
--> statement-breakpoint
CREATE TABLE "rollup_agent_days" (
	"agent_id" uuid NOT NULL,
	"day" date NOT NULL,
	"sessions" integer NOT NULL,
	"micros" bigint NOT NULL,
	CONSTRAINT "rollup_agent_days_agent_id_day_pk" PRIMARY KEY("agent_id","day")
);
