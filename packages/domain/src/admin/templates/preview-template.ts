import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import { schema } from "@casebook/db";
import type { DomainContext } from "../../context";
import { writeAudit } from "../../audit";
import { NotFoundError } from "../../errors";
import { parseInput } from "../../parse-input";
import { readPolicyInForce } from "../../clients/policy-in-force";
import { renderTemplate } from "../../outreach/delivery/render-template";
import { templateVariablesFor } from "../../outreach/delivery/compose-message";
import { requireAdmin } from "../require-admin";
import { SaveTemplateVersion } from "./save-template-version";

export const PreviewTemplate = z.object({
  caseId: z.uuid(),
  template: SaveTemplateVersion.pick({ language: true, subject: true, body: true }),
});
export type PreviewTemplate = z.input<typeof PreviewTemplate>;

/** Names of people, masked as "J••• S•••": the preview shows where a name lands and how long the
 *  message gets, not whose it is. */
export function maskName(name: string): string {
  return name.split(/\s+/).filter(Boolean).map((w) => `${[...w][0] ?? ""}•••`).join(" ");
}
const NAME_VARIABLES = ["firstName", "fullName", "debtorFirstName", "debtorFullName"] as const;

/**
 * The editor's text rendered with a chosen case's data, names masked (account references already are:
 * ****1234), as the debtor would receive it. A view of the case's personal data, so it is audited as one.
 * The text need not be saved or lint-clean: an unknown variable shows as {{name}}.
 */
export async function previewTemplate(ctx: DomainContext, input: PreviewTemplate): Promise<{ subject: string | null; body: string }> {
  requireAdmin(ctx.actor);
  const p = parseInput(PreviewTemplate, input);
  const [row] = await ctx.db.select({ caseRow: schema.cases, client: schema.clients, debtor: schema.persons }).from(schema.cases)
    .innerJoin(schema.clients, eq(schema.clients.id, schema.cases.clientId)).innerJoin(schema.persons, eq(schema.persons.id, schema.cases.personId))
    .where(eq(schema.cases.id, p.caseId));
  if (!row) throw new NotFoundError("case", p.caseId);
  const client = { ...row.client, policy: (await readPolicyInForce(ctx.db, row.client, ctx.now)).policy };
  const accounts = await ctx.db.select().from(schema.accounts).where(eq(schema.accounts.caseId, p.caseId)).orderBy(asc(schema.accounts.id));
  const owner = row.caseRow.ownerUserId
    ? await ctx.db.query.users.findFirst({ where: eq(schema.users.id, row.caseRow.ownerUserId), columns: { name: true, staffNumber: true } }) : undefined;
  const collector = owner ?? { name: client.country === "CN" ? "智能提醒" : "Automated Notices", staffNumber: "AUTO-001" };
  const variables = templateVariablesFor({ caseRow: row.caseRow, client, debtor: row.debtor, party: row.debtor, accounts, collector }, "PREVIEW", p.template.language, ctx.publicUrl);
  for (const name of NAME_VARIABLES) variables[name] = maskName(variables[name] ?? "");
  const render = (text: string) => renderTemplate(text, variables, (name) => `{{${name}}}`);
  await writeAudit(ctx.db, ctx.actor, {
    action: "template.preview", entityType: "case", entityId: p.caseId, caseId: p.caseId, personId: row.debtor.id, details: { language: p.template.language },
  }, ctx.now);
  return { subject: p.template.subject?.trim() ? render(p.template.subject) : null, body: render(p.template.body) };
}

/** A case per client to preview a template with (the first open one): ids and client codes only, no personal data. */
export async function listPreviewCases(ctx: DomainContext) {
  requireAdmin(ctx.actor);
  return ctx.db.selectDistinctOn([schema.clients.code], { id: schema.cases.id, clientCode: schema.clients.code, ruleSet: schema.clients.ruleSet }).from(schema.cases)
    .innerJoin(schema.clients, eq(schema.clients.id, schema.cases.clientId))
    .where(eq(schema.cases.status, "open")).orderBy(asc(schema.clients.code), asc(schema.cases.id));
}
