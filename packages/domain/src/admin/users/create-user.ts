import { eq, inArray } from "drizzle-orm";
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
  /** Agents and supervisors work a team's queue; compliance officers and admins may have none. The primary team. */
  teamId: z.uuid().nullable(),
  /** Further teams the user works in (issue 14): their queues and cases too. */
  teamIds: z.array(z.uuid()).max(50).default([]),
  staffNumber: z.string().trim().min(1).max(40),
  locale: z.enum(["en", "zh-CN"]).default("en"),
  timeZone: z.string().trim().min(1).max(64).default("America/New_York"),
}).superRefine((v, c) => {
  if ((v.role === "agent" || v.role === "supervisor") && !v.teamId && v.teamIds.length === 0) c.addIssue({ code: "custom", path: ["teamId"], message: "team_required" });
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
    const teamIds = [...new Set([...(p.teamId ? [p.teamId] : []), ...p.teamIds])];
    const primaryTeamId = teamIds[0] ?? null;
    if (teamIds.length > 0) {
      const known = new Set((await tx.select({ id: schema.teams.id }).from(schema.teams).where(inArray(schema.teams.id, teamIds))).map((t) => t.id));
      const missing = teamIds.find((id) => !known.has(id));
      if (missing) throw new NotFoundError("team", missing);
    }
    const [taken] = await tx.select({ email: schema.users.email, staffNumber: schema.users.staffNumber }).from(schema.users)
      .where(eq(schema.users.email, p.email)).union(
        tx.select({ email: schema.users.email, staffNumber: schema.users.staffNumber }).from(schema.users).where(eq(schema.users.staffNumber, p.staffNumber)));
    if (taken) throw new ConflictError(taken.email === p.email ? "email_taken" : "staff_number_taken");
    const [row] = await tx.insert(schema.users).values({
      email: p.email, name: p.name, role: p.role, teamId: primaryTeamId, staffNumber: p.staffNumber, locale: p.locale, timeZone: p.timeZone,
      passwordHash, passwordChangeRequired: true, createdAt: ctx.now,
    }).returning({ id: schema.users.id });
    // The primary team's membership comes with the row (a trigger); the others here.
    if (teamIds.length > 0) await tx.insert(schema.userTeams).values(teamIds.map((teamId) => ({ userId: row!.id, teamId, createdAt: ctx.now }))).onConflictDoNothing();
    await writeAudit(tx, ctx.actor, {
      action: "user.create", entityType: "user", entityId: row!.id,
      details: { role: p.role, teamId: primaryTeamId, teamIds, staffNumber: p.staffNumber, locale: p.locale },
    }, ctx.now);
    return row!.id;
  });
  return { userId, temporaryPassword };
}
