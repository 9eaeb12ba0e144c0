import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { sql } from "drizzle-orm";
import { strToU8, zipSync, type Zippable } from "fflate";
import { z } from "zod";
import { writeAudit } from "../audit";
import type { DomainContext } from "../context";
import { NotFoundError, ValidationError } from "../errors";
import { parseInput } from "../parse-input";
import { COMPLIANCE_ROLES, requireDashboardRole } from "../dashboards/dashboard-access";

export const BuildEvidenceBundle = z.object({
  personId: z.preprocess((v) => (v === "" ? undefined : v), z.uuid().optional()),
  accountReference: z.preprocess((v) => (v === "" ? undefined : v), z.string().trim().min(1).max(100).optional()),
});
export type BuildEvidenceBundle = z.input<typeof BuildEvidenceBundle>;

export interface ManifestEntry {
  path: string;
  bytes: number;
  sha256: string;
}
export interface EvidenceManifest {
  generatedAt: string;
  generatedBy: string;
  scope: { personId: string; accountReference: string | null; caseIds: string[] };
  counts: Record<string, number>;
  /** Letters the ledger says were sent whose PDF is not in the letter store (listed, never silently dropped). */
  missingLetters: string[];
  files: ManifestEntry[];
}
export interface EvidenceBundle {
  filename: string;
  zip: Uint8Array;
  manifest: EvidenceManifest;
}

const sha256 = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");
const json = (v: unknown) => strToU8(`${JSON.stringify(v, null, 2)}\n`);

/**
 * Everything Casebook knows about its contact with one person (or with the case holding one account
 * reference) as a ZIP a regulator, a court or the debtor's attorney can check on their own: the person
 * and contact points with consent; opt-outs, holds and disputes with their dates; every contact attempt
 * with its outcomes and the message exactly as sent; every gate decision with the input the engine saw
 * (`decisions/<id>.request.json` replays with `pnpm -s compliance:check`); letter PDFs from the letter
 * store. `manifest.json` and `SHA256SUMS` (for `sha256sum -c`) carry a SHA-256 of every file.
 * Generating one is audited, with the manifest's own digest.
 */
export async function buildEvidenceBundle(ctx: DomainContext, input: BuildEvidenceBundle, opts: { letterDir?: string } = {}): Promise<EvidenceBundle> {
  const actor = requireDashboardRole(ctx.actor, ...COMPLIANCE_ROLES);
  const f = parseInput(BuildEvidenceBundle, input);
  if (!f.personId && !f.accountReference) throw new ValidationError("personId", "evidence_scope_required");

  let personId = f.personId;
  let caseIds: string[];
  if (f.accountReference) {
    const rows = await ctx.db.execute<{ case_id: string; person_id: string }>(sql`
      select distinct case_id, person_id from accounts where client_reference = ${f.accountReference}`);
    if (rows.length === 0) throw new NotFoundError("account", f.accountReference);
    personId = rows[0]!.person_id;
    caseIds = rows.filter((r) => r.person_id === personId).map((r) => r.case_id);
  } else {
    caseIds = (await ctx.db.execute<{ id: string }>(sql`select id from cases where person_id = ${personId}::uuid`)).map((r) => r.id);
  }
  const [person] = await ctx.db.execute<Record<string, unknown>>(sql`select * from persons where id = ${personId}::uuid`);
  if (!person) throw new NotFoundError("person", personId!);
  const cases = sql`(${caseIds.length ? sql.join(caseIds.map((id) => sql`${id}::uuid`), sql`, `) : sql`null::uuid`})`;

  const [contactPoints, relatedParties, optOuts, holds, disputes, accounts, attempts, outcomes, decisions, promises, payments] = await Promise.all([
    ctx.db.execute(sql`select * from contact_points where person_id = ${personId}::uuid order by id`),
    ctx.db.execute(sql`select rp.*, p.full_name as related_name from related_parties rp join persons p on p.id = rp.person_id where rp.debtor_person_id = ${personId}::uuid order by rp.id`),
    ctx.db.execute(sql`select * from opt_outs where person_id = ${personId}::uuid order by created_at, id`),
    ctx.db.execute(sql`select * from holds where person_id = ${personId}::uuid order by placed_at, id`),
    ctx.db.execute(sql`select * from disputes where case_id in ${cases} order by opened_at, id`),
    ctx.db.execute(sql`select * from accounts where case_id in ${cases} order by client_reference`),
    ctx.db.execute<Record<string, unknown>>(sql`select * from contact_attempts where person_id = ${personId}::uuid and case_id in ${cases} order by started_at, id`),
    ctx.db.execute(sql`select o.* from contact_outcomes o join contact_attempts a on a.id = o.attempt_id
      where a.person_id = ${personId}::uuid and a.case_id in ${cases} order by o.at, o.id`),
    ctx.db.execute<Record<string, unknown>>(sql`select * from compliance_decisions where person_id = ${personId}::uuid and case_id in ${cases} order by evaluated_at, id`),
    ctx.db.execute(sql`select * from promises where case_id in ${cases} order by created_at, id`),
    ctx.db.execute(sql`select * from payments where case_id in ${cases} order by received_at, id`),
  ]);

  const outcomesByAttempt = new Map<string, unknown[]>();
  for (const o of outcomes as Array<Record<string, unknown>>) {
    const list = outcomesByAttempt.get(String(o.attempt_id)) ?? [];
    list.push(o);
    outcomesByAttempt.set(String(o.attempt_id), list);
  }
  const files: Record<string, Uint8Array> = {
    "person.json": json({ person, contactPoints, relatedParties }),
    "consent-and-opt-outs.json": json({
      consents: (contactPoints as Array<Record<string, unknown>>).map((c) => ({ contactPointId: c.id, kind: c.kind, value: c.value, consentCall: c.consent_call, consentSms: c.consent_sms, consentRecordedAt: c.consent_recorded_at, status: c.status })),
      optOuts,
    }),
    "holds-and-disputes.json": json({ holds, disputes }),
    "accounts.json": json(accounts),
    "contacts.json": json(attempts.map((a) => ({ ...a, outcomes: outcomesByAttempt.get(String(a.id)) ?? [] }))),
    "promises-and-payments.json": json({ promises, payments }),
  };
  for (const d of decisions) {
    files[`decisions/${d.id}.json`] = json({ id: d.id, evaluatedAt: d.evaluated_at, caseId: d.case_id, channel: d.channel, ruleSet: d.rule_set, decision: d.decision, notBefore: d.not_before, results: d.results, timeZones: d.time_zones });
    files[`decisions/${d.id}.request.json`] = json(d.request);
  }
  const missingLetters: string[] = [];
  for (const a of attempts.filter((x) => x.channel === "letter" && x.dispatch_id)) {
    const name = `${String(a.dispatch_id)}.pdf`;
    try {
      if (!opts.letterDir) throw new Error("no letter store");
      files[`letters/${name}`] = new Uint8Array(await readFile(path.join(opts.letterDir, name)));
    } catch {
      missingLetters.push(String(a.dispatch_id));
    }
  }

  const entries: ManifestEntry[] = Object.entries(files).map(([p, data]) => ({ path: p, bytes: data.byteLength, sha256: sha256(data) }));
  const manifest: EvidenceManifest = {
    generatedAt: ctx.now.toISOString(),
    generatedBy: actor.label,
    scope: { personId: personId!, accountReference: f.accountReference ?? null, caseIds },
    counts: { contactAttempts: attempts.length, outcomes: outcomes.length, decisions: decisions.length, letters: Object.keys(files).filter((p) => p.startsWith("letters/")).length, optOuts: optOuts.length, holds: holds.length, disputes: disputes.length },
    missingLetters,
    files: entries,
  };
  const manifestBytes = json(manifest);
  const sums = strToU8(entries.map((e) => `${e.sha256}  ${e.path}\n`).join("") + `${sha256(manifestBytes)}  manifest.json\n`);
  const zippable: Zippable = { ...files, "manifest.json": manifestBytes, SHA256SUMS: sums };
  // Fixed file times: the same records give the same archive bytes.
  const zip = zipSync(zippable, { level: 6, mtime: new Date("2000-01-01T00:00:00Z") });

  await writeAudit(ctx.db, actor, {
    action: "evidence.bundle", entityType: "person", entityId: personId!, personId: personId!, caseId: caseIds.length === 1 ? caseIds[0]! : null,
    details: { accountReference: f.accountReference ?? null, caseIds, files: entries.length, manifestSha256: sha256(manifestBytes), zipSha256: sha256(zip), zipBytes: zip.byteLength },
  }, ctx.now);
  const stamp = ctx.now.toISOString().slice(0, 19).replace(/[:T]/g, "");
  return { filename: `evidence-${personId!.slice(0, 8)}-${stamp}.zip`, zip, manifest };
}
