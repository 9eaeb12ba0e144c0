import { eq } from "drizzle-orm";
import { z } from "zod";
import { hashPassword, schema } from "@casebook/db";
import type { DomainContext } from "../../context";
import { writeAudit } from "../../audit";
import { ConflictError, NotFoundError } from "../../errors";
import { parseInput } from "../../parse-input";
import { requireAdmin } from "../require-admin";
import { generateTemporaryPassword } from "../temporary-secret";

export const CreateUser = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email("email_invalid")),
  name: z.string().trim().min(1).max(200),
  role: z.enum(["agent", "supervisor", "compliance", "admin"]),
  /** Agents and supervisors work a team's queue; compliance officers and admins may have none. */
  teamId: z.uuid().nullable(),
  staffNumber: z.string().trim().min(1).max(40),
  locale: z.enum(["en", "zh-CN"]).default("en"),
  timeZone: z.string().trim().min(1).max(64).default("America/New_York"),
}).superRefine((v, c) => {
  if ((v.role === "agent" || v.role === "supervisor") && !v.teamId) c.addIssue({ code: "custom", path: ["teamId"], message: "team_required" });
  if (!Intl.supportedValuesOf("timeZone").includes(v.timeZone) && v.timeZone !== "UTC") c.addIssue({ code: "custom", path: ["timeZone"], message: "time_zone_unknown" });
});
export type CreateUser = z.input<typeof CreateUser>;

/**
 * A new user, with a temporary password returned once (to show to the admin, never stored in clear nor
 * logged): it signs them in only to the page where they set their own password.
 */
export async function createUser(ctx: DomainContext, input: CreateUser): Promise<{ userId: string; temporaryPassword: string }> {
  requireAdmin(ctx.actor);
  const p = parseInput(CreateUser, input);
  const temporaryPassword = generateTemporaryPassword();
  const passwordHash = await hashPassword(temporaryPassword);
  const userId = await ctx.db.transaction(async (tx) => {
    if (p.teamId) {
      const [team] = await tx.select({ id: schema.teams.id }).from(schema.teams).where(eq(schema.teams.id, p.teamId));
      if (!team) throw new NotFoundError("team", p.teamId);
    }
    const [taken] = await tx.select({ email: schema.users.email, staffNumber: schema.users.staffNumber }).from(schema.users)
      .where(eq(schema.users.email, p.email)).union(
        tx.select({ email: schema.users.email, staffNumber: schema.users.staffNumber }).from(schema.users).where(eq(schema.users.staffNumber, p.staffNumber)));
    if (taken) throw new ConflictError(taken.email === p.email ? "email_taken" : "staff_number_taken");
    const [row] = await tx.insert(schema.users).values({
      email: p.email, name: p.name, role: p.role, teamId: p.teamId, staffNumber: p.staffNumber, locale: p.locale, timeZone: p.timeZone,
      passwordHash, passwordChangeRequired: true, createdAt: ctx.now,
    }).returning({ id: schema.users.id });
    await writeAudit(tx, ctx.actor, {
      action: "user.create", entityType: "user", entityId: row!.id,
      details: { role: p.role, teamId: p.teamId, staffNumber: p.staffNumber, locale: p.locale },
    }, ctx.now);
    return row!.id;
  });
  return { userId, temporaryPassword };
}
