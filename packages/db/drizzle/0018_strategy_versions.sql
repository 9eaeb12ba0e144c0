ALTER TYPE "public"."outreach_step_reason" ADD VALUE 'strategy_changed' BEFORE 'opted_out';--> statement-breakpoint
CREATE TABLE "strategy_migrations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"from_strategy_id" uuid NOT NULL,
	"to_strategy_id" uuid NOT NULL,
	"effective_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"applied_at" timestamp with time zone,
	"moved_cases" integer,
	"cancelled_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "strategies" ADD COLUMN "status" text DEFAULT 'draft' NOT NULL;--> statement-breakpoint
ALTER TABLE "strategies" ADD COLUMN "published_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "strategies" ADD COLUMN "based_on_id" uuid;--> statement-breakpoint
ALTER TABLE "strategies" ADD COLUMN "created_by" uuid;--> statement-breakpoint
ALTER TABLE "strategy_migrations" ADD CONSTRAINT "strategy_migrations_from_strategy_id_strategies_id_fk" FOREIGN KEY ("from_strategy_id") REFERENCES "public"."strategies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "strategy_migrations" ADD CONSTRAINT "strategy_migrations_to_strategy_id_strategies_id_fk" FOREIGN KEY ("to_strategy_id") REFERENCES "public"."strategies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "strategy_migrations" ADD CONSTRAINT "strategy_migrations_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "strategy_migrations_effective_at_index" ON "strategy_migrations" USING btree ("effective_at");--> statement-breakpoint
CREATE INDEX "strategy_migrations_from_strategy_id_index" ON "strategy_migrations" USING btree ("from_strategy_id");--> statement-breakpoint
ALTER TABLE "strategies" ADD CONSTRAINT "strategies_based_on_id_strategies_id_fk" FOREIGN KEY ("based_on_id") REFERENCES "public"."strategies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "strategies" ADD CONSTRAINT "strategies_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;