import { and, desc, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { type Db } from "../client";
import { dropDatabase, migrateDatabase } from "../migrate";
import * as schema from "../schema";
import { dropForBulkLoad, restoreAfterBulkLoad } from "./bulk-load";
import { disableLoadTriggers, enableLoadTriggersAndQueue } from "./rollup-triggers";
import { copyAll } from "./copy-writer";
import { extendLedger, type ExtendLedgerResult } from "./extend-ledger";
import { DEMO_PASSWORD, demoClients, demoUsers, insertDemoReferenceData, type DemoUser } from "./demo-users";
import { PortfolioGenerator, type SeedClient } from "./generate";
import { buildNamePools } from "./pools";
import { seedStrategiesAndTemplates } from "./strategies";
import { bulkColumns, bulkTables, type Buffers, type BulkTable } from "./tables";

export { type ExtendLedgerResult } from "./extend-ledger";
export { DEMO_PASSWORD, demoUsers, findDemoLogins, insertDemoReferenceData, type DemoUser } from "./demo-users";

export interface SeedOptions {
  url: string;
  /** Number of accounts (debts) to create. */
  accounts: number;
  /** Same seed and same `now`: the same book, row for row. */
  seed?: number;
  /** The clock the book is built around (default: the current time). */
  now?: Date;
  /** Drop and recreate the database first; without it a non-empty database is refused. */
  reset?: boolean;
  /** Accounts generated per COPY round (bounds memory). */
  chunkSize?: number;
  /** Parallel COPY connections (4: PostgreSQL parses COPY on one core per connection, and on a 2-core machine shared with other work more backends keep both cores busy while the generator waits). */
  copyLanes?: number;
  /** Large-scale mode (issue 13): extend the ledger set-wise until it holds about this many contact
   *  attempts (seed/extend-ledger.ts); the generator alone writes ~2.6 an account. */
  attempts?: number;
  /** With `attempts`: one US debtor gets this many attempts more (the evidence bundle's worst case). */
  busyPersonContacts?: number;
  onProgress?: (message: string) => void;
}

export interface SeedReport {
  accounts: number;
  persons: number;
  rows: Record<string, number>;
  seconds: number;
  /** The clock the book was built around (pass it as --now to rebuild the same book). */
  now: string;
  phases: Record<string, number>;
  /** What the large-scale mode added (null without `attempts`). */
  extended: ExtendLedgerResult | null;
  users: DemoUser[];
  password: string;
}

export class DatabaseNotEmptyError extends Error {
  constructor(database: string) {
    super(`database "${database}" already holds data: run again with --reset to drop and recreate it`);
  }
}

/** Builds the demo portfolio into the database at `url` (created and migrated if needed). */
export async function seedDemo(options: SeedOptions): Promise<SeedReport> {
  const started = performance.now();
  const phases: Record<string, number> = {};
  let mark = started;
  const phase = (name: string) => {
    const t = performance.now();
    phases[name] = Math.round(t - mark) / 1000;
    mark = t;
    options.onProgress?.(`${name}: ${phases[name]} s`);
  };
  const seed = options.seed ?? 1;
  const now = options.now ?? new Date();
  const chunkSize = options.chunkSize ?? 5_000;
  const copyLanes = options.copyLanes ?? 4;

  // --reset drops the database rather than truncating it: the append-only tables refuse TRUNCATE by
  // trigger (on purpose), and a seed that died mid-load may have left constraints dropped; a fresh
  // database from the migrations is the one state we can always vouch for.
  if (options.reset) await dropDatabase(options.url);
  await migrateDatabase(options.url);
  phase("migrate");

  // A crash mid-seed needs --reset anyway, so no statement of the seed waits for its WAL flush.
  const sql = postgres(options.url, { max: 6, onnotice: () => {}, connection: { synchronous_commit: "off" } });
  const db = drizzle(sql, { schema, casing: "snake_case" }) as Db;
  try {
    const [{ used }] = (await sql`
      select exists (select 1 from clients) or exists (select 1 from users) or exists (select 1 from persons) as used`) as unknown as [{ used: boolean }];
    if (used) throw new DatabaseNotEmptyError(new URL(options.url).pathname.slice(1));

    const { teamRows, userRows, clientRows } = await insertDemoReferenceData(db);
    await seedStrategiesAndTemplates(db);
    phase("reference data");

    const userByEmail = new Map(userRows.map((u) => [u.email, u]));
    const teamByName = new Map(teamRows.map((t) => [t.name, t]));
    const agentsOf = (team: string) =>
      demoUsers.filter((u) => u.role === "agent" && u.team === team).map((u) => ({ id: userByEmail.get(u.email)!.id, email: u.email }));
    const seedClients = {} as Record<(typeof demoClients)[number]["key"], SeedClient>;
    for (const c of demoClients) {
      const row = clientRows.find((r) => r.code === c.code)!;
      seedClients[c.key] = {
        id: row.id, code: c.code, name: c.name, country: c.country, currency: c.currency, ruleSet: c.ruleSet,
        strategyId: await activeStrategyFor(db, row.id, c.ruleSet), products: c.products, balance: c.balance,
        planMaxInstallments: c.policy.planMaxInstallments,
      };
    }
    const templates = new Map<string, string>();
    for (const t of await db.select().from(schema.templates).where(and(eq(schema.templates.active, true), eq(schema.templates.purpose, "collection")))) {
      const key = `${t.channel}:${t.language}`;
      if (!templates.has(key)) templates.set(key, t.id);
    }

    const generator = new PortfolioGenerator({
      seed, now, clients: seedClients,
      usTeam: { id: teamByName.get("Team East")!.id, agents: agentsOf("Team East") },
      cnTeam: { id: teamByName.get("Team Shanghai")!.id, agents: agentsOf("Team Shanghai") },
      supervisorId: userByEmail.get("supervisor@casebook.test")!.id,
      templates, pools: buildNamePools(seed),
    });

    const dropped = await dropForBulkLoad(sql, bulkTables);
    await disableLoadTriggers(sql);
    phase("drop indexes and constraints");

    const rows = Object.fromEntries(bulkTables.map((t) => [t, 0])) as Record<BulkTable, number>;
    let persons = 0;
    let done = 0;
    let inFlight: Promise<unknown> = Promise.resolve();
    const lanes = await Promise.all(Array.from({ length: copyLanes }, () => sql.reserve()));
    let lastReport = 0;
    // Generation of chunk n+1 overlaps the COPY of chunk n; at most two chunks live in memory.
    while (done < options.accounts) {
      const n = Math.min(chunkSize, options.accounts - done);
      const chunk = generator.generateChunk(n);
      done += n;
      persons += chunk.persons;
      const texts = takeAll(chunk.buffers, rows);
      await inFlight;
      inFlight = copyAll(lanes, texts.map(([table, text]) => ({ table, columns: bulkColumns[table], text })));
      if (done - lastReport >= options.accounts / 10) {
        lastReport = done;
        options.onProgress?.(`${done.toLocaleString("en-US")} / ${options.accounts.toLocaleString("en-US")} accounts`);
      }
    }
    await inFlight;
    for (const lane of lanes) lane.release();
    const placements = generator.allPlacements();
    for (let i = 0; i < placements.length; i += 500) {
      await db.insert(schema.placements).values(
        placements.slice(i, i + 500).map((p) => ({
          id: p.id, clientId: p.clientId, reference: `PL-${p.receivedAt.toISOString().slice(0, 10)}-${clientRows.find((c) => c.id === p.clientId)!.code}`,
          source: "seed" as const, receivedAt: p.receivedAt, accountCount: p.accountCount, placedTotalMinor: p.placedTotalMinor,
          currency: clientRows.find((c) => c.id === p.clientId)!.currency,
        })),
      );
    }
    phase("generate and copy");

    let extended: ExtendLedgerResult | null = null;
    if (options.attempts !== undefined || options.busyPersonContacts !== undefined) {
      extended = await extendLedger(sql, { attempts: options.attempts ?? 0, busyPersonContacts: options.busyPersonContacts });
      rows.compliance_decisions += extended.decisions;
      rows.contact_attempts += extended.attempts;
      rows.contact_outcomes += extended.outcomes;
      phase("extend the ledger (set-wise)");
    }

    await restoreAfterBulkLoad(sql, dropped, { concurrency: 3, rowsOf: (t) => rows[t as BulkTable] ?? 0 });
    phase("recreate keys, indexes, foreign keys");
    const queued = await enableLoadTriggersAndQueue(sql);
    phase("queue the rollup inbox (set-wise)");
    await sql`analyze`;
    await db.insert(schema.auditEvents).values({
      actorKind: "system", actorLabel: "system:seed", action: "seed.run", entityType: "database", entityId: new URL(options.url).pathname.slice(1),
      details: { accounts: options.accounts, seed, now: now.toISOString() },
    });
    rows.audit_events += 1;
    phase("analyze");

    const allRows: Record<string, number> = { clients: clientRows.length, teams: teamRows.length, users: userRows.length, placements: placements.length, ...rows, rollup_inbox: queued };
    return {
      accounts: options.accounts, persons, rows: allRows, seconds: Math.round(performance.now() - started) / 1000, now: now.toISOString(), phases, extended,
      users: demoUsers, password: DEMO_PASSWORD,
    };
  } finally {
    await sql.end({ timeout: 5 });
  }
}

function takeAll(buffers: Buffers, rows: Record<BulkTable, number>): Array<[BulkTable, string]> {
  return bulkTables.map((table) => {
    const { text, rows: n } = buffers[table].take();
    rows[table] += n;
    return [table, text];
  });
}

/** The client's own active strategy for its rule set if it has one, else the rule set's default. */
async function activeStrategyFor(db: Db, clientId: string, ruleSet: "US-FDCPA" | "CN-CBA"): Promise<string | null> {
  const s = schema.strategies;
  const candidates = await db.select().from(s).where(and(eq(s.active, true), eq(s.ruleSet, ruleSet))).orderBy(desc(s.version));
  return (candidates.find((c) => c.clientId === clientId) ?? candidates.find((c) => c.clientId === null))?.id ?? null;
}
