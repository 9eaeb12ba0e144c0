// The fresh database of one Playwright run: migrate, seed with the seed CLI, add the suite's own cases,
// compute priorities. Playwright 1.65 starts `webServer` entries BEFORE `globalSetup` (plugins first), and
// the web server needs the database, so this runs as the first step of the web server's command
// (`tsx global-setup.ts && next start`); globalTeardown drops the database.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { createDb, schema } from "@casebook/db";
import { hashPassword } from "@casebook/db";
import { ensureDatabaseRoles } from "@casebook/db/roles";
import { defaultClientPolicy, makeCase, makeClient, makePerson, makeTeam, makeUser } from "@casebook/db/testing";
import { reprioritiseCases } from "@casebook/domain";
import { eq, inArray, sql } from "drizzle-orm";
import { AUTH_DIR, CLOCK_START, DATABASE_ADMIN_URL, DATABASE_OWNER_URL, DATABASE_URL, E2E_DIR, FIXTURES_FILE, PASSWORD, type Fixtures } from "./e2e-env";

const DAY = 86_400_000;

export default async function globalSetup(): Promise<void> {
  const now = new Date(CLOCK_START);
  await ensureDatabaseRoles({ adminUrl: DATABASE_ADMIN_URL, ownerUrl: DATABASE_OWNER_URL, runtimeUrl: DATABASE_URL });
  execFileSync("pnpm", ["--filter", "@casebook/db", "--silent", "run", "seed", "--accounts", process.env.E2E_ACCOUNTS ?? "300", "--database-url", DATABASE_OWNER_URL, "--now", now.toISOString(), "--quiet"], {
    cwd: E2E_DIR, stdio: ["ignore", "ignore", "inherit"],
  });
  const { db, close } = createDb({ url: DATABASE_OWNER_URL, max: 2 });
  try {
    const teamByName = async (name: string) => (await db.select().from(schema.teams).where(eq(schema.teams.name, name)))[0]!;
    const east = await teamByName("Team East");
    const shanghai = await teamByName("Team Shanghai");
    const [agent1] = await db.select().from(schema.users).where(eq(schema.users.email, "agent1@casebook.test"));
    // A client of our own with the default policy (no tightened call window), so the fixtures' rules are known.
    const client = await makeClient(db, { name: "E2E Card Issuer" });
    const nyPerson = (fullName: string, last4: string) => makePerson(db, {
      person: { fullName, givenName: fullName.split(" ")[0], familyName: fullName.split(" ")[1] },
      contactPoints: [{ kind: "phone", phoneType: "mobile", value: `+1718555${last4}`, isPrimary: true, source: "client", consentCall: true, consentSms: true }],
    });
    const newCase = async (fullName: string, last4: string, extra: Parameters<typeof makeCase>[1] = {}) => {
      const person = await nyPerson(fullName, last4);
      return makeCase(db, { clientId: client.id, personId: person.id, teamId: east.id, ownerUserId: agent1?.id ?? null, now, ...extra });
    };
    // Two callbacks due now: the top two of Team East's queue (en flow, then zh-CN flow).
    // Balances set their order: callback_due scores 1000 + balance points (capped at 199).
    const a = await newCase("Avery Testcase", "0101", { case: { callbackAt: new Date(now.getTime() - 5 * 60_000) }, accounts: [{ balanceMinor: 5_000_000 }] });
    const b = await newCase("Blake Testcase", "0102", { case: { callbackAt: new Date(now.getTime() - 4 * 60_000) }, accounts: [{ balanceMinor: 1_000_000 }] });
    // Seven counted calls (no answer) in the last seven local days for person × debt: the 8th is refused.
    const cap = await newCase("Casey Sevencalls", "0103");
    const capPhone = (await db.select().from(schema.contactPoints).where(eq(schema.contactPoints.personId, cap.personId)))[0]!;
    for (let i = 0; i < 7; i++) {
      const at = new Date(now.getTime() - (6 - i) * DAY + (i === 6 ? -3 * 3_600_000 : 0));
      const [att] = await db.insert(schema.contactAttempts).values({
        referenceCode: `E2E7C${i}${cap.id.slice(0, 4)}`.toUpperCase(), caseId: cap.id, personId: cap.personId, partyPersonId: cap.personId, partyRole: "consumer",
        contactPointId: capPhone.id, address: capPhone.value, channel: "call", direction: "outbound", purpose: "collection", accountIds: [cap.accounts[0]!.id],
        agentUserId: agent1?.id ?? null, startedAt: at, dispatchId: sql`gen_random_uuid()` as unknown as string,
      }).returning({ id: schema.contactAttempts.id });
      await db.insert(schema.contactOutcomes).values({ attemptId: att!.id, outcome: "no_answer", source: "agent", at: new Date(at.getTime() + 30_000) });
    }
    // A debtor with an emergency contact: the third-party flow.
    const tp = await newCase("Drew Thirdparty", "0104");
    const ec = await makePerson(db, {
      // Prefers Chinese: the words the agent reads to them are in Chinese, the agent's instructions in English.
      person: { fullName: "Emery Contact", givenName: "Emery", familyName: "Contact", preferredLanguage: "zh-CN" },
      contactPoints: [{ kind: "phone", phoneType: "mobile", value: "+17185550199", isPrimary: true, source: "client" }],
    });
    await db.insert(schema.relatedParties).values({ debtorPersonId: tp.personId, personId: ec.id, relationship: "emergency_contact", relationLabel: "friend" });
    // A debtor the suite messages by SMS: the worker sends it to the provider simulator for real.
    const sms = await newCase("Sam Textmessage", "0105");
    const policyClient = await makeClient(db, { name: "E2E Policy Client" });
    const policyPerson = await nyPerson("Pat Policycase", "0116");
    const policy = await makeCase(db, { clientId: policyClient.id, personId: policyPerson.id, teamId: east.id, ownerUserId: agent1?.id ?? null, now });
    // A compliance officer of the suite's own: the seeded one is locked out by the throttling test.
    await makeUser(db, { email: "officer@casebook.test", name: "Olive Officer", role: "compliance", teamId: null, staffNumber: "C-4901", passwordHash: await hashPassword(PASSWORD) });
    const [other] = await db.select({ id: schema.cases.id }).from(schema.cases).where(eq(schema.cases.teamId, shanghai.id)).limit(1);
    // Issue 11. A client whose policy is tighter than Reg F: 6 calls in 7 days, not 7.
    const tight = await makeClient(db, { name: "E2E Tight Lender", policy: { ...defaultClientPolicy, compliance: { maxCallsPer7Days: 6 } } });
    const cap6Person = await nyPerson("Quinn Sixcap", "0106");
    const cap6 = await makeCase(db, { clientId: tight.id, personId: cap6Person.id, teamId: east.id, ownerUserId: agent1?.id ?? null, now });
    // A New York debtor whose callback the agent tries to book at 23:30 local.
    const cb = await newCase("Riley Callback", "0107");
    // A Chinese debtor of a CN-CBA client in Team Shanghai (agent3, zh-CN), who will object to the debt.
    const cnClient = await makeClient(db, { name: "E2E 上海消费金融", country: "CN", currency: "CNY", ruleSet: "CN-CBA", agencyName: "E2E 催收服务" });
    const cnPerson = await makePerson(db, {
      person: { fullName: "王小明", givenName: "小明", familyName: "王", country: "CN", region: "SH", postalCode: "200000", timeZones: ["Asia/Shanghai"], preferredLanguage: "zh-CN" },
      contactPoints: [{ kind: "phone", phoneType: "mobile", value: "+8613800138111", isPrimary: true, source: "client", consentCall: true, consentSms: true }],
    });
    const cn = await makeCase(db, { clientId: cnClient.id, personId: cnPerson.id, teamId: shanghai.id, now, accounts: [{ balanceMinor: 800_000 }] });

    // Issue 17, the debtor's side (tests/portal.spec.ts): a debtor of their own with two debts at two
    // clients of their own, worked by an agent of their own in a team of their own, so nothing the
    // debtor does (a payment, a dispute, written-only) moves another spec's figures.
    const portalTeam = await makeTeam(db, { name: "E2E Portal Team" });
    const portalAgent = await makeUser(db, { email: "portal-agent@casebook.test", name: "Petra Portalagent", role: "agent", teamId: portalTeam.id, staffNumber: "A-4917", passwordHash: await hashPassword(PASSWORD) });
    const portalPerson = await makePerson(db, {
      person: { fullName: "Paz Portaluser", givenName: "Paz", familyName: "Portaluser", dateOfBirth: "1985-04-12" },
      contactPoints: [
        { kind: "phone", phoneType: "mobile", value: "+17185550141", isPrimary: true, source: "client", consentCall: true, consentSms: true },
        { kind: "email", value: "paz.portaluser@example.com", source: "client" },
      ],
    });
    const portalCase = async (clientName: string, balanceMinor: number) => makeCase(db, {
      clientId: (await makeClient(db, { name: clientName })).id, personId: portalPerson.id, teamId: portalTeam.id, ownerUserId: portalAgent.id, now, accounts: [{ balanceMinor }],
    });
    const portalDisputed = await portalCase("E2E Portal Lender", 250_000);
    const portalPaid = await portalCase("E2E Portal Bank", 90_000);
    // The suite's own callbacks are the only ones due in Team East, so the prioritiser itself (here, and
    // the worker's maintenance run) puts A then B on top; seeded callbacks elsewhere stay as seeded.
    await db.update(schema.cases).set({ callbackAt: null })
      .where(sql`${schema.cases.teamId} = ${east.id} and ${schema.cases.id} not in (${a.id}, ${b.id}) and ${schema.cases.callbackAt} is not null`);
    // The suite's agent-worked cases: the worker's automatic calls are paused on them, so a call the worker
    // places at start-up never races the agent's (US-REGF-PATTERN would defer the agent's call by 5 minutes).
    await db.update(schema.cases).set({ pausedUntil: new Date(now.getTime() + 7 * DAY) })
      .where(inArray(schema.cases.id, [a.id, b.id, cap.id, tp.id, cap6.id, cb.id, cn.id]));
    await reprioritiseCases({ db, now });

    const fixtures: Fixtures = {
      callCaseA: { id: a.id, name: "Avery Testcase" },
      callCaseB: { id: b.id, name: "Blake Testcase" },
      cap7Case: { id: cap.id, name: "Casey Sevencalls", accountId: cap.accounts[0]!.id },
      thirdPartyCase: { id: tp.id, name: "Drew Thirdparty", emergencyName: "Emery Contact" },
      otherTeamCaseId: other!.id,
      smsCase: { id: sms.id, name: "Sam Textmessage" },
      cap6Case: { id: cap6.id, name: "Quinn Sixcap" },
      callbackCase: { id: cb.id, name: "Riley Callback" },
      cnCase: { id: cn.id, name: "王小明", accountId: cn.accounts[0]!.id },
      policyCase: { id: policy.id, name: "Pat Policycase", clientCode: policyClient.code },
      portal: {
        agentEmail: "portal-agent@casebook.test", personId: portalPerson.id, dateOfBirth: "1985-04-12", phone: "+17185550141",
        disputeCase: { id: portalDisputed.id, accountId: portalDisputed.accounts[0]!.id, creditor: "E2E Portal Lender" },
        payCase: { id: portalPaid.id, accountId: portalPaid.accounts[0]!.id, creditor: "E2E Portal Bank" },
      },
    };
    mkdirSync(AUTH_DIR, { recursive: true });
    writeFileSync(FIXTURES_FILE, JSON.stringify(fixtures, null, 2));
  } finally {
    await close();
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop()!)) {
  await globalSetup();
}
