ALTER TABLE "persons" ADD COLUMN "written_only_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "persons" ADD COLUMN "written_only_reason" text;--> statement-breakpoint
ALTER TABLE "disputes" ADD COLUMN "ground" text;--> statement-breakpoint
ALTER TABLE "holds" ADD COLUMN "release_reason" text;