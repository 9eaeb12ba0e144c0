import { randomBytes } from "node:crypto";
import { type DbOrTx } from "../client";
import {
  accounts, cases, clients, contactPoints, persons, placements, teams, users,
  type ClientPolicy,
} from "../schema";

// Small factories for tests: each inserts a realistic minimal row (plus what it cannot exist without)
// and returns it as stored. Unique columns get a random suffix, so tests may share a database.

export type ClientRow = typeof clients.$inferSelect;
export type TeamRow = typeof teams.$inferSelect;
export type UserRow = typeof users.$inferSelect;
export type PersonRow = typeof persons.$inferSelect;
export type ContactPointRow = typeof contactPoints.$inferSelect;
export type CaseRow = typeof cases.$inferSelect;
export type AccountRow = typeof accounts.$inferSelect;
export type PlacementRow = typeof placements.$inferSelect;

export type PersonWithContactPoints = PersonRow & { contactPoints: ContactPointRow[] };
export type CaseWithAccounts = CaseRow & { accounts: AccountRow[]; placement: PlacementRow };

const suffix = () => randomBytes(4).toString("hex");
const DAY = 86_400_000;
const isoDate = (d: Date) => d.toISOString().slice(0, 10);

export const defaultClientPolicy: ClientPolicy = {
  settlementFloorBps: 6000,
  planMaxInstallments: 12,
  planMaxMonths: 12,
  planMinInstallmentMinor: 2500,
  promiseMaxDays: 30,
  commissionBps: 2500,
  callbackNumbers: { default: "+18005550100" },
};

export async function makeClient(db: DbOrTx, overrides: Partial<typeof clients.$inferInsert> = {}): Promise<ClientRow> {
  const s = suffix();
  const [row] = await db
    .insert(clients)
    .values({
      code: `TEST-${s}`,
      name: `Test Card Issuer ${s}`,
      country: "US",
      currency: "USD",
      ruleSet: "US-FDCPA",
      agencyName: "Casebook Recovery Services",
      policy: defaultClientPolicy,
      ...overrides,
    })
    .returning();
  return row!;
}

export async function makeTeam(db: DbOrTx, overrides: Partial<typeof teams.$inferInsert> = {}): Promise<TeamRow> {
  const [row] = await db.insert(teams).values({ name: `Team ${suffix()}`, ...overrides }).returning();
  return row!;
}

/** An agent by default. No password hash unless given one (hash with hashPassword from "@casebook/db"). */
export async function makeUser(db: DbOrTx, overrides: Partial<typeof users.$inferInsert> = {}): Promise<UserRow> {
  const s = suffix();
  const [row] = await db
    .insert(users)
    .values({
      email: `agent-${s}@casebook.test`,
      name: `Agent ${s}`,
      role: "agent",
      staffNumber: `T-${s.toUpperCase()}`,
      locale: "en",
      timeZone: "America/New_York",
      ...overrides,
    })
    .returning();
  return row!;
}

export interface MakePersonOptions {
  person?: Partial<typeof persons.$inferInsert>;
  /** Replaces the default contact points (a mobile with consent and an email); personId is filled in. */
  contactPoints?: Array<Omit<typeof contactPoints.$inferInsert, "personId">>;
}

/** A New York consumer with a mobile phone (call and SMS consent) and an email address by default. */
export async function makePerson(db: DbOrTx, options: MakePersonOptions = {}): Promise<PersonWithContactPoints> {
  const s = suffix();
  const [person] = await db
    .insert(persons)
    .values({
      fullName: "Maria Lopez",
      givenName: "Maria",
      familyName: "Lopez",
      dateOfBirth: "1984-05-17",
      country: "US",
      region: "NY",
      postalCode: "11215",
      timeZones: ["America/New_York"],
      preferredLanguage: "en",
      ...options.person,
    })
    .returning();
  const points = options.contactPoints ?? [
    {
      kind: "phone" as const,
      phoneType: "mobile" as const,
      value: `+1718555${String(parseInt(s.slice(0, 4), 16) % 10_000).padStart(4, "0")}`,
      isPrimary: true,
      source: "client" as const,
      consentCall: true,
      consentSms: true,
    },
    { kind: "email" as const, value: `maria.lopez.${s}@example.com`, source: "client" as const },
  ];
  const rows = points.length
    ? await db.insert(contactPoints).values(points.map((p) => ({ ...p, personId: person!.id }))).returning()
    : [];
  return { ...person!, contactPoints: rows };
}

export interface MakeCaseOptions {
  /** Created with makeClient / makePerson / makeTeam when not given. */
  clientId?: string;
  personId?: string;
  teamId?: string;
  ownerUserId?: string | null;
  case?: Partial<typeof cases.$inferInsert>;
  /** One account per entry (defaults: a 45-DPD credit card of $1,234.56); caseId/personId/clientId filled in. */
  accounts?: Array<Partial<typeof accounts.$inferInsert>>;
  /** The clock that dates are derived from (default: now). */
  now?: Date;
  /** When the placement arrived (default: 30 days before `now`). A case made after the rollups have
   *  folded past days (an e2e spec, while the worker runs) passes `now`: a placement dated in an
   *  already-folded day would change history the folded figures were computed from. */
  placedAt?: Date;
}

/** A case with its accounts (one by default) and the placement they arrived in. */
export async function makeCase(db: DbOrTx, options: MakeCaseOptions = {}): Promise<CaseWithAccounts> {
  const now = options.now ?? new Date();
  const client = options.clientId
    ? (await db.query.clients.findFirst({ where: (c, { eq }) => eq(c.id, options.clientId!) }))
    : await makeClient(db);
  if (!client) throw new Error(`makeCase: no client ${options.clientId}`);
  const personId = options.personId ?? (await makePerson(db)).id;
  const teamId = options.teamId ?? (await makeTeam(db)).id;
  const specs = options.accounts ?? [{}];

  const [c] = await db
    .insert(cases)
    .values({
      clientId: client.id,
      personId,
      teamId,
      ownerUserId: options.ownerUserId ?? null,
      openedAt: options.placedAt ?? new Date(now.getTime() - 30 * DAY),
      ...options.case,
    })
    .returning();
  const balances = specs.map((a) => a.balanceMinor ?? 123_456);
  const [placement] = await db
    .insert(placements)
    .values({
      clientId: client.id,
      reference: `PL-${suffix()}`,
      source: "seed",
      receivedAt: options.placedAt ?? new Date(now.getTime() - 30 * DAY),
      accountCount: specs.length,
      placedTotalMinor: balances.reduce((a, b) => a + b, 0),
      currency: client.currency,
    })
    .returning();
  const rows = await db
    .insert(accounts)
    .values(
      specs.map((spec, i) => {
        const balance = balances[i]!;
        return {
          clientId: client.id,
          placementId: placement!.id,
          caseId: c!.id,
          personId,
          originalCreditor: client.name,
          clientReference: `ACC-${suffix().toUpperCase()}`,
          product: "credit_card",
          currency: client.currency,
          principalMinor: balance,
          placedBalanceMinor: balance,
          balanceMinor: balance,
          dueDate: isoDate(new Date(now.getTime() - 45 * DAY)),
          delinquencyDate: isoDate(new Date(now.getTime() - 44 * DAY)),
          solDate: isoDate(new Date(now.getTime() + 3 * 365 * DAY)),
          jurisdiction: client.country === "CN" ? "CN-31" : "US-NY",
          ...spec,
        };
      }),
    )
    .returning();
  return { ...c!, accounts: rows, placement: placement! };
}
