import { schema as s, type Db } from "@casebook/db";
import { makeCase, makeClient, makePerson } from "@casebook/db/testing";

export type StepInsert = typeof s.outreachSteps.$inferInsert;

/** An outreach step due at `dueAt` (not from a cadence unless strategyStepId is given). */
export async function makeStep(db: Db, values: Omit<StepInsert, "purpose"> & Partial<Pick<StepInsert, "purpose">>): Promise<string> {
  const [row] = await db.insert(s.outreachSteps).values({ purpose: "collection", ...values }).returning({ id: s.outreachSteps.id });
  return row!.id;
}

/** A US consumer (New York mobile with consent, an email, a postal address) with one case and debt. */
export async function makeUsDebtor(db: Db, options: { now: Date; dueDate?: string; person?: Parameters<typeof makePerson>[1]; jurisdiction?: string } = { now: new Date() }) {
  const client = await makeClient(db);
  const n = String(Math.floor(Math.random() * 9000) + 1000);
  const person = await makePerson(db, options.person ?? {
    person: { region: "NY", postalCode: "11215", timeZones: ["America/New_York"] },
    contactPoints: [
      { kind: "phone", phoneType: "mobile", value: `+1718555${n}`, isPrimary: true, source: "client", consentCall: true, consentSms: true },
      { kind: "email", value: `debtor.${n}@example.com`, source: "client" },
      { kind: "address", value: "12 Union St, Brooklyn NY 11215", postal: { lines: ["12 Union St"], city: "Brooklyn", region: "NY", postalCode: "11215", country: "US" }, source: "client" },
    ],
  });
  const c = await makeCase(db, {
    clientId: client.id,
    personId: person.id,
    now: options.now,
    accounts: [{ ...(options.dueDate ? { dueDate: options.dueDate, delinquencyDate: options.dueDate } : {}), jurisdiction: options.jurisdiction ?? "US-NY" }],
  });
  return { client, person, case: c, accountIds: c.accounts.map((a) => a.id) };
}

export async function makeCnDebtor(db: Db, options: { now: Date; dueDate?: string }) {
  const client = await makeClient(db, { country: "CN", currency: "CNY", ruleSet: "CN-CBA", agencyName: "上海某某资产管理有限公司", policy: { settlementFloorBps: 6000, planMaxInstallments: 12, planMaxMonths: 12, planMinInstallmentMinor: 10000, promiseMaxDays: 30, commissionBps: 2500, callbackNumbers: { default: "+862150000000" } } });
  const n = String(Math.floor(Math.random() * 9000) + 1000);
  const person = await makePerson(db, {
    person: { fullName: "王小明", givenName: "小明", familyName: "王", country: "CN", region: "31", postalCode: "200000", timeZones: ["Asia/Shanghai"], preferredLanguage: "zh-CN" },
    contactPoints: [{ kind: "phone", phoneType: "mobile", value: `+86138000${n}1`, isPrimary: true, source: "client", consentCall: true, consentSms: true }],
  });
  const c = await makeCase(db, { clientId: client.id, personId: person.id, now: options.now, ...(options.dueDate ? { accounts: [{ dueDate: options.dueDate, delinquencyDate: options.dueDate }] } : {}) });
  return { client, person, case: c, accountIds: c.accounts.map((a) => a.id) };
}

export async function makeEmergencyContact(db: Db, debtorPersonId: string, country: "US" | "CN") {
  const n = String(Math.floor(Math.random() * 9000) + 1000);
  const person = await makePerson(db, {
    person: country === "US" ? { fullName: "Ann Lopez", givenName: "Ann", region: "NY", postalCode: "11215", timeZones: ["America/New_York"] } : { fullName: "李华", givenName: "华", country: "CN", region: "31", timeZones: ["Asia/Shanghai"], preferredLanguage: "zh-CN" },
    contactPoints: [{ kind: "phone", phoneType: "mobile", value: country === "US" ? `+1212555${n}` : `+86139000${n}2`, isPrimary: true, source: "client", consentCall: true }],
  });
  await db.insert(s.relatedParties).values({ debtorPersonId, personId: person.id, relationship: "emergency_contact" });
  return person;
}

/** Ledger rows for past calls to the debtor (the history a test starts from). */
export async function addPastCalls(db: Db, input: { caseId: string; personId: string; contactPointId: string; address: string; accountIds: string[]; at: Date[]; outcome: "no_answer" | "conversation" | "not_connected" }) {
  for (const at of input.at) {
    const [a] = await db
      .insert(s.contactAttempts)
      .values({
        dispatchId: crypto.randomUUID(),
        referenceCode: Math.random().toString(36).slice(2, 10).toUpperCase().padEnd(8, "0"),
        caseId: input.caseId,
        personId: input.personId,
        partyPersonId: input.personId,
        partyRole: "consumer",
        contactPointId: input.contactPointId,
        address: input.address,
        channel: "call",
        direction: "outbound",
        purpose: "collection",
        accountIds: input.accountIds,
        startedAt: at,
      })
      .returning({ id: s.contactAttempts.id });
    await db.insert(s.contactOutcomes).values({ attemptId: a!.id, outcome: input.outcome, source: "agent", at });
  }
}
