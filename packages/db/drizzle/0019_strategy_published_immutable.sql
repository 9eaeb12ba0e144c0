-- Versions that existed before drafts were published versions: cases already run them.
UPDATE "public"."strategies" SET "status" = 'published', "published_at" = "created_at" WHERE "status" = 'draft';
--> statement-breakpoint
-- A published strategy version is immutable (issue 14): cases keep the version they were planned with, so
-- what a version says must stay what it said. Of the row only `active` may change (retiring a version);
-- its stages and steps can be neither inserted, changed nor deleted. A change is a new draft version.
CREATE FUNCTION "public"."casebook_strategy_row_guard"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status = 'published' THEN
      RAISE EXCEPTION 'strategy % is published and cannot be deleted', OLD.id USING ERRCODE = 'check_violation';
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.status = 'published' AND (
       NEW.status IS DISTINCT FROM OLD.status OR NEW.name IS DISTINCT FROM OLD.name OR NEW.version IS DISTINCT FROM OLD.version
    OR NEW.client_id IS DISTINCT FROM OLD.client_id OR NEW.segment IS DISTINCT FROM OLD.segment OR NEW.rule_set IS DISTINCT FROM OLD.rule_set
    OR NEW.published_at IS DISTINCT FROM OLD.published_at OR NEW.based_on_id IS DISTINCT FROM OLD.based_on_id
    OR NEW.created_by IS DISTINCT FROM OLD.created_by OR NEW.created_at IS DISTINCT FROM OLD.created_at) THEN
    RAISE EXCEPTION 'strategy % is published: only active may change', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE FUNCTION "public"."casebook_strategy_part_guard"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  sid uuid;
BEGIN
  IF TG_TABLE_NAME = 'strategy_stages' THEN
    IF TG_OP <> 'INSERT' AND EXISTS (SELECT 1 FROM strategies WHERE id = OLD.strategy_id AND status = 'published') THEN sid := OLD.strategy_id; END IF;
    IF TG_OP <> 'DELETE' AND EXISTS (SELECT 1 FROM strategies WHERE id = NEW.strategy_id AND status = 'published') THEN sid := NEW.strategy_id; END IF;
  ELSE
    IF TG_OP <> 'INSERT' THEN
      SELECT g.strategy_id INTO sid FROM strategy_stages g JOIN strategies s ON s.id = g.strategy_id WHERE g.id = OLD.stage_id AND s.status = 'published';
    END IF;
    IF sid IS NULL AND TG_OP <> 'DELETE' THEN
      SELECT g.strategy_id INTO sid FROM strategy_stages g JOIN strategies s ON s.id = g.strategy_id WHERE g.id = NEW.stage_id AND s.status = 'published';
    END IF;
  END IF;
  IF sid IS NOT NULL THEN
    RAISE EXCEPTION 'strategy % is published: its stages and steps cannot change', sid USING ERRCODE = 'check_violation';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER "strategies_published_immutable" BEFORE UPDATE OR DELETE ON "public"."strategies"
  FOR EACH ROW EXECUTE FUNCTION "public"."casebook_strategy_row_guard"();
--> statement-breakpoint
CREATE TRIGGER "strategy_stages_published_immutable" BEFORE INSERT OR UPDATE OR DELETE ON "public"."strategy_stages"
  FOR EACH ROW EXECUTE FUNCTION "public"."casebook_strategy_part_guard"();
--> statement-breakpoint
CREATE TRIGGER "strategy_steps_published_immutable" BEFORE INSERT OR UPDATE OR DELETE ON "public"."strategy_steps"
  FOR EACH ROW EXECUTE FUNCTION "public"."casebook_strategy_part_guard"();
--> statement-breakpoint
ALTER TABLE "public"."strategies" ENABLE ALWAYS TRIGGER "strategies_published_immutable";
--> statement-breakpoint
ALTER TABLE "public"."strategy_stages" ENABLE ALWAYS TRIGGER "strategy_stages_published_immutable";
--> statement-breakpoint
ALTER TABLE "public"."strategy_steps" ENABLE ALWAYS TRIGGER "strategy_steps_published_immutable";
