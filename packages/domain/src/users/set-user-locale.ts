import { eq } from "drizzle-orm";
import { z } from "zod";
import { schema } from "@casebook/db";
import type { DomainContext } from "../context";
import { writeAudit } from "../audit";
import { parseInput } from "../parse-input";
import { requireUserActor } from "../cases/case-access";

export const SetUserLocale = z.object({ locale: z.enum(["en", "zh-CN"]) });
export type SetUserLocale = z.infer<typeof SetUserLocale>;

/** The console's language follows the user, not the browser: it persists in users.locale. */
export async function setUserLocale(ctx: DomainContext, input: SetUserLocale): Promise<{ locale: "en" | "zh-CN" }> {
  const p = parseInput(SetUserLocale, input);
  const actor = requireUserActor(ctx.actor);
  await ctx.db.transaction(async (tx) => {
    await tx.update(schema.users).set({ locale: p.locale }).where(eq(schema.users.id, actor.userId));
    await writeAudit(tx, ctx.actor, { action: "user.set_locale", entityType: "user", entityId: actor.userId, details: { locale: p.locale } }, ctx.now);
  });
  return { locale: p.locale };
}
