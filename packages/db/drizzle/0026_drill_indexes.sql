-- The drill-down's reads (issue 13). INCLUDE is written here by hand: the schema builder has none.
-- One kind of bucket move by day, with the bucket it left (the drill's bucket filter):
CREATE INDEX "case_bucket_moves_rolled_idx" ON "case_bucket_moves" USING btree ("day","case_id") INCLUDE ("from_state") WHERE array_position(array['pre_due', '1_29', '30_59', '60_89', '90_179', '180_plus']::text[], to_state) > array_position(array['pre_due', '1_29', '30_59', '60_89', '90_179', '180_plus']::text[], from_state);--> statement-breakpoint
CREATE INDEX "case_bucket_moves_cured_idx" ON "case_bucket_moves" USING btree ("day","case_id") INCLUDE ("from_state") WHERE from_state not in ('pre_due', 'out') and to_state in ('paid', 'pre_due');--> statement-breakpoint
-- A listed case's own rows over the range, with events and amount (index-only):
CREATE INDEX "rollup_case_daily_case_metric_day_idx" ON "rollup_case_daily" USING btree ("case_id","metric","day") INCLUDE ("events", "amount");
