import { eq } from "drizzle-orm";
import { z } from "zod";
import { schema } from "@casebook/db";
import type { DomainContext } from "../../context";
import { writeAudit } from "../../audit";
import { ConflictError } from "../../errors";
import { parseInput } from "../../parse-input";
import { requireAdmin } from "../require-admin";

export const CreateTeam = z.object({ name: z.string().trim().min(1).max(100) });
export type CreateTeam = z.infer<typeof CreateTeam>;

/** A team owns a work queue: its cases are the ones its agents see (case-access). */
export async function createTeam(ctx: DomainContext, input: CreateTeam): Promise<{ teamId: string }> {
  requireAdmin(ctx.actor);
  const p = parseInput(CreateTeam, input);
  return ctx.db.transaction(async (tx) => {
    const [exists] = await tx.select({ id: schema.teams.id }).from(schema.teams).where(eq(schema.teams.name, p.name));
    if (exists) throw new ConflictError("team_name_taken");
    const [row] = await tx.insert(schema.teams).values({ name: p.name, createdAt: ctx.now }).returning({ id: schema.teams.id });
    await writeAudit(tx, ctx.actor, { action: "team.create", entityType: "team", entityId: row!.id, details: { name: p.name } }, ctx.now);
    return { teamId: row!.id };
  });
}
