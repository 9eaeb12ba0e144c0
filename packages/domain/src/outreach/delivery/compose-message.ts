import { and, desc, eq, sql } from "drizzle-orm";
import { schema as s, type DbOrTx } from "@casebook/db";
import type { ContentDeclaration } from "@casebook/compliance";
import type { ClientPolicy } from "@casebook/db/schema";
import type { PortLetterhead, PortMessage } from "./channels-port";
import { renderTemplate } from "./render-template";
import { pgArray } from "../../cases/sql-values";

export type TemplateRow = typeof s.templates.$inferSelect;
export type ContactPointRow = typeof s.contactPoints.$inferSelect;

/** The active template of a code in the person's language (else English, else any), newest version. */
export async function findTemplate(db: DbOrTx, code: string, language: "en" | "zh-CN"): Promise<TemplateRow | undefined> {
  return pickTemplate(await readActiveTemplates(db, [code]), code, language);
}

/** The active templates of these codes, newest version first (one statement for a batch). */
export async function readActiveTemplates(db: DbOrTx, codes: readonly string[]): Promise<TemplateRow[]> {
  if (codes.length === 0) return [];
  return db.select().from(s.templates)
    .where(and(sql`${s.templates.code} = any(${pgArray([...new Set(codes)])}::text[])`, eq(s.templates.active, true)))
    .orderBy(desc(s.templates.version));
}

/** findTemplate's choice among rows read already (newest first). */
export function pickTemplate(rows: readonly TemplateRow[], code: string, language: "en" | "zh-CN"): TemplateRow | undefined {
  const ofCode = rows.filter((t) => t.code === code);
  return ofCode.find((t) => t.language === language) ?? ofCode.find((t) => t.language === "en") ?? ofCode[0];
}

/** What the template discloses, in the engine's words. */
export function contentOf(t: TemplateRow): ContentDeclaration {
  return {
    disclosesDebt: t.discloses === "debt",
    hasOptOut: t.hasOptOut,
    limitedContent: t.discloses === "limited_content",
    identifiesCollector: t.identifiesCollector,
    postcard: t.postcard,
  };
}

const KIND_FOR_CHANNEL: Record<string, "phone" | "email" | "address"> = { call: "phone", voicemail: "phone", sms: "phone", email: "email", letter: "address" };

/** The address to use: the step's own, else the party's primary valid one of the right kind (mobile first for SMS). */
export async function chooseContactPoint(db: DbOrTx, input: { personId: string; channel: string; contactPointId: string | null }): Promise<ContactPointRow | undefined> {
  const points = await db.select().from(s.contactPoints)
    .where(input.contactPointId ? eq(s.contactPoints.id, input.contactPointId) : eq(s.contactPoints.personId, input.personId));
  return pickContactPoint(points, input);
}

/** chooseContactPoint's choice among points read already (the party's, and the step's own by id). */
export function pickContactPoint(points: readonly ContactPointRow[], input: { personId: string; channel: string; contactPointId: string | null }): ContactPointRow | undefined {
  if (input.contactPointId) {
    const p = points.find((x) => x.id === input.contactPointId);
    return p && p.status === "valid" ? p : undefined;
  }
  const kind = KIND_FOR_CHANNEL[input.channel];
  if (!kind) return undefined;
  const candidates = points.filter((p) => p.personId === input.personId && p.kind === kind && p.status === "valid");
  const score = (p: ContactPointRow) => (p.isPrimary ? 4 : 0) + (input.channel === "sms" && p.phoneType === "mobile" ? 2 : 0) + (p.isWorkplace ? -8 : 0) + (input.channel === "sms" && p.phoneType === "landline" ? -16 : 0);
  return [...candidates].sort((a, b) => score(b) - score(a))[0];
}

/** One formatter per locale and currency: building an Intl.NumberFormat costs far more than formatting
 *  with it (it was 3% of a dispatching worker's CPU, once per message: issue 15). */
const moneyFormats = new Map<string, Intl.NumberFormat | null>();
function money(minor: number, currency: string, language: string): string {
  const locale = language === "zh-CN" ? "zh-CN" : "en-US";
  const key = `${locale}:${currency}`;
  let format = moneyFormats.get(key);
  if (format === undefined) {
    try {
      format = new Intl.NumberFormat(locale, { style: "currency", currency });
    } catch {
      format = null;
    }
    moneyFormats.set(key, format);
  }
  return format ? format.format(minor / 100) : `${currency} ${(minor / 100).toFixed(2)}`;
}

export interface MessageFacts {
  caseRow: typeof s.cases.$inferSelect;
  client: typeof s.clients.$inferSelect;
  debtor: typeof s.persons.$inferSelect;
  party: typeof s.persons.$inferSelect;
  accounts: Array<typeof s.accounts.$inferSelect>;
  collector: { name: string; staffNumber: string };
}

/** Everything a template may print. Personal data stays here and in the rendered ledger row only. */
export function templateVariablesFor(facts: MessageFacts, referenceCode: string, language: string, publicUrl?: string): Record<string, string> {
  // The console's public address when the edge knows it (CASEBOOK_PUBLIC_URL, AUTH_URL); the placeholder
  // domain of the templates' examples otherwise.
  const base = (publicUrl ?? "https://verify.casebook.example").replace(/\/+$/, "");
  const currency = facts.accounts[0]?.currency ?? facts.client.currency;
  const balance = facts.accounts.reduce((sum, a) => sum + a.balanceMinor, 0);
  const dueDate = facts.accounts.map((a) => a.dueDate).sort()[0] ?? "";
  const region = facts.debtor.region ?? "default";
  const callbackNumber = facts.client.policy.callbackNumbers[region] ?? facts.client.policy.callbackNumbers.default ?? Object.values(facts.client.policy.callbackNumbers)[0] ?? "";
  return {
    referenceCode,
    firstName: facts.party.givenName ?? facts.party.fullName,
    fullName: facts.party.fullName,
    debtorFirstName: facts.debtor.givenName ?? facts.debtor.fullName,
    debtorFullName: facts.debtor.fullName,
    agencyName: facts.client.agencyName,
    creditorName: facts.accounts[0]?.originalCreditor ?? facts.client.name,
    clientName: facts.client.name,
    amountDue: money(balance, currency, language),
    dueDate,
    accountRef: facts.accounts.map((a) => `****${a.clientReference.slice(-4)}`).join(", "),
    callbackNumber,
    collectorName: facts.collector.name,
    staffNumber: facts.collector.staffNumber,
    verifyUrl: publicUrl ? `${base}/verify` : base,
    portalUrl: `${base}/portal`,
  };
}

export function renderMessage(template: TemplateRow, variables: Record<string, string>): { subject: string | null; body: string } {
  return {
    subject: template.subject ? renderTemplate(template.subject, variables) : null,
    body: renderTemplate(template.body, variables),
  };
}

/** The letterhead a client's policy prints (issue 14); undefined: the letter channel's configured one. */
export function letterheadOf(policy: ClientPolicy): PortLetterhead | undefined {
  const l = policy.letterhead;
  if (!l) return undefined;
  return {
    name: l.tradingName,
    lines: [...l.addressLines, ...(l.referenceLine ? [l.referenceLine] : [])],
    ...(l.phone ? { phone: l.phone } : {}),
  };
}

/** The adapter message for a claimed attempt. */
export function buildPortMessage(input: {
  channel: string;
  point: Pick<ContactPointRow, "value" | "postal">;
  partyName: string;
  subject: string | null;
  body: string;
  referenceCode: string;
  language: string;
  date: string;
  /** Letters: the letterhead of the client policy in force at the decision (letterheadOf). */
  letterhead?: PortLetterhead | undefined;
}): PortMessage {
  const common = { text: input.body, referenceCode: input.referenceCode, language: input.language };
  switch (input.channel) {
    case "email":
      return { channel: "email", to: input.point.value, subject: input.subject ?? input.referenceCode, ...common };
    case "sms":
      return { channel: "sms", to: input.point.value, ...common };
    case "call":
    case "voicemail":
      return { channel: "call", to: input.point.value, ...common };
    case "letter": {
      const postal = input.point.postal;
      const lines = postal ? [...postal.lines, [postal.city, postal.region, postal.postalCode].filter(Boolean).join(" "), postal.country].filter((l) => l.length > 0) : [input.point.value];
      return { channel: "letter", to: { name: input.partyName, lines }, ...(input.subject ? { subject: input.subject } : {}), date: input.date, ...(input.letterhead ? { letterhead: input.letterhead } : {}), ...common };
    }
    default:
      throw new Error(`no message shape for channel ${input.channel}`);
  }
}
