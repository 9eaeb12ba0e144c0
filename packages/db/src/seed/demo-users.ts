import { type Db } from "../client";
import { hashPassword, verifyPassword } from "../password";
import { clients, teams, users, type ClientPolicy } from "../schema";

export const DEMO_PASSWORD = "casebook-demo";

export interface DemoUser {
  email: string;
  name: string;
  role: "agent" | "supervisor" | "compliance" | "admin";
  team: string | null;
  staffNumber: string;
  locale: "en" | "zh-CN";
  timeZone: string;
}

export const demoTeams = ["Team East", "Team Shanghai"] as const;

export const demoUsers: DemoUser[] = [
  { email: "agent1@casebook.test", name: "Alex Carter", role: "agent", team: "Team East", staffNumber: "E-1001", locale: "en", timeZone: "America/New_York" },
  { email: "agent2@casebook.test", name: "Jordan Rivera", role: "agent", team: "Team East", staffNumber: "E-1002", locale: "en", timeZone: "America/Chicago" },
  { email: "agent3@casebook.test", name: "李静", role: "agent", team: "Team Shanghai", staffNumber: "SH-2001", locale: "zh-CN", timeZone: "Asia/Shanghai" },
  { email: "supervisor@casebook.test", name: "Morgan Lee", role: "supervisor", team: "Team East", staffNumber: "S-3001", locale: "en", timeZone: "America/New_York" },
  { email: "compliance@casebook.test", name: "Priya Shah", role: "compliance", team: null, staffNumber: "C-4001", locale: "en", timeZone: "America/New_York" },
  { email: "admin@casebook.test", name: "Sam Taylor", role: "admin", team: null, staffNumber: "A-5001", locale: "en", timeZone: "America/New_York" },
];

const usCallbacks = { default: "+18005550142", MA: "+16175550142" };

export const demoClients = [
  {
    key: "cardIssuer", code: "LIBERTY-CARD", name: "Liberty National Bank Card Services", country: "US", currency: "USD", ruleSet: "US-FDCPA",
    agencyName: "Casebook Recovery Services", products: ["credit_card"], balance: [25_000, 1_800_000] as [number, number],
    policy: { settlementFloorBps: 6000, planMaxInstallments: 12, planMaxMonths: 12, planMinInstallmentMinor: 2500, promiseMaxDays: 30, commissionBps: 2200, callbackNumbers: usCallbacks, compliance: { maxCallsPer7Days: 6 } },
  },
  {
    key: "lender", code: "SUMMIT-LOANS", name: "Summit Consumer Lending", country: "US", currency: "USD", ruleSet: "US-FDCPA",
    agencyName: "Casebook Recovery Services", products: ["personal_loan", "personal_loan", "auto_loan"], balance: [80_000, 3_000_000] as [number, number],
    policy: { settlementFloorBps: 7000, planMaxInstallments: 24, planMaxMonths: 24, planMinInstallmentMinor: 5000, promiseMaxDays: 21, commissionBps: 1800, callbackNumbers: usCallbacks, compliance: { callWindow: { from: "09:00", to: "20:00" } } },
  },
  {
    key: "cnLender", code: "HUAXIN-CF", name: "华信消费金融", country: "CN", currency: "CNY", ruleSet: "CN-CBA",
    agencyName: "凯思博信息咨询（上海）有限公司", products: ["consumer_loan"], balance: [150_000, 8_000_000] as [number, number],
    policy: { settlementFloorBps: 8000, planMaxInstallments: 12, planMaxMonths: 12, planMinInstallmentMinor: 20_000, promiseMaxDays: 7, commissionBps: 1500, callbackNumbers: { default: "+864008206600", "31": "+862160506600" } },
  },
] as const satisfies ReadonlyArray<{ key: string; policy: ClientPolicy; [k: string]: unknown }>;

/** Teams, demo users (one shared argon2id-hashed password) and the three creditor clients. */
export async function insertDemoReferenceData(db: Db) {
  const teamRows = await db.insert(teams).values(demoTeams.map((name) => ({ name }))).returning();
  const teamId = new Map(teamRows.map((t) => [t.name, t.id]));
  const userRows = [];
  for (const u of demoUsers) {
    const [row] = await db
      .insert(users)
      .values({ email: u.email, name: u.name, role: u.role, teamId: u.team ? teamId.get(u.team)! : null, staffNumber: u.staffNumber, locale: u.locale, timeZone: u.timeZone, passwordHash: await hashPassword(DEMO_PASSWORD) })
      .returning();
    userRows.push(row!);
  }
  const clientRows = await db
    .insert(clients)
    .values(demoClients.map((c) => ({ code: c.code, name: c.name, country: c.country, currency: c.currency, ruleSet: c.ruleSet, agencyName: c.agencyName, policy: c.policy as ClientPolicy })))
    .returning();
  return { teamRows, userRows, clientRows };
}

/** Active users who still sign in with the published demo password: present only in a database
 *  seeded as a demo, and refused by a production start (issue 10). Every user with a password is
 *  checked, not only the demo emails: an admin who reset someone to the demo password counts too. */
export async function findDemoLogins(db: Db): Promise<string[]> {
  const rows = await db.select({ email: users.email, passwordHash: users.passwordHash, active: users.active }).from(users);
  const found: string[] = [];
  for (const r of rows) if (r.active && r.passwordHash && (await verifyPassword(DEMO_PASSWORD, r.passwordHash))) found.push(r.email);
  return found.sort();
}
