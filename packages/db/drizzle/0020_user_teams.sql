CREATE TABLE "user_teams" (
	"user_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "user_teams_user_id_team_id_pk" PRIMARY KEY("user_id","team_id")
);
--> statement-breakpoint
ALTER TABLE "user_teams" ADD CONSTRAINT "user_teams_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_teams" ADD CONSTRAINT "user_teams_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "user_teams_team_id_index" ON "user_teams" USING btree ("team_id");--> statement-breakpoint
-- Existing users keep their team: it becomes their first membership.
INSERT INTO "user_teams" ("user_id", "team_id", "created_at") SELECT "id", "team_id", "created_at" FROM "users" WHERE "team_id" IS NOT NULL ON CONFLICT DO NOTHING;--> statement-breakpoint
-- users.team_id (the primary team) is always one of the user's memberships, however the row is written.
CREATE OR REPLACE FUNCTION "public"."casebook_user_primary_team_is_member"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.team_id IS NOT NULL THEN
    INSERT INTO "public"."user_teams" (user_id, team_id) VALUES (NEW.id, NEW.team_id) ON CONFLICT DO NOTHING;
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER users_primary_team_is_member AFTER INSERT OR UPDATE OF team_id ON users FOR EACH ROW EXECUTE FUNCTION "public"."casebook_user_primary_team_is_member"();
