import { sql, type SQL } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import { schema as s, type DbOrTx } from "@casebook/db";
import { pgArray } from "../cases/sql-values";

/**
 * THE row-lock helper (issue 9). Every verb that locks rows asks it, and nothing else in the code base
 * writes `FOR UPDATE` / `FOR NO KEY UPDATE` (test/locks/only-the-helper-locks.test.ts keeps it so).
 *
 * ## The order
 *
 *     (user → client → api key → strategy → strategy migration →) person → case → debt (accounts) → step (outreach_steps), each set sorted by id
 *
 * A transaction may start at any level and skip levels, but never goes back up: once it holds a case it
 * may not ask for a person it does not already hold (the helper throws `LockOrderError`). Two
 * transactions taking rows in one order can wait for each other but never in a circle.
 *
 * ## Which lock, and why the weakest
 *
 * Every lock here is `FOR NO KEY UPDATE`: it serialises writers of the same row (the invariants below)
 * but does not conflict with `FOR KEY SHARE`, which PostgreSQL takes *implicitly* on the referenced row
 * whenever a row with a foreign key is inserted (a compliance decision or a contact attempt references
 * its case and person; an allocation its account; an outcome its attempt). With `FOR UPDATE` those
 * inserts wait on the console's case lock: that implied lock, taken person-first by the gate, is what
 * deadlocked the console against the gate (60 of 60 runs). A plain UPDATE of a non-key column takes the
 * same `FOR NO KEY UPDATE` implicitly, so an UPDATE of a row counts as taking its lock: do it only at
 * or after that row's level (a gate that bumps `cases.last_contact_at` takes the case through here
 * first, before the step).
 *
 * | level | protects |
 * |---|---|
 * | person | the contact ledger window (frequency caps), opt-outs, holds: a contact decision and a case event about the same person never interleave |
 * | case | the case's promises, plans, payments, disputes and its pause: console verbs on one case run one at a time |
 * | debt | balances and statuses of the case's accounts (payments allocate against them) |
 * | step | one outreach step's state (its transitions live in outreach/schedule/step-lifecycle.ts) |
 *
 * Implied key-share locks (FK inserts) never wait on these, so they are not part of the order; they do
 * wait on a DELETE or a key UPDATE of the referenced row, which the domain never does to these tables.
 */
export interface LockSet {
  /** Staff accounts (admin edits): first, and unrelated to the rest of the order. */
  users?: readonly string[];
  /** A client's policy versions and API keys (admin verbs): also before the debtor side. */
  clients?: readonly string[];
  apiKeys?: readonly string[];
  /** Strategy versions (the editor: one open draft per name, an edit and a publish of a draft never
   *  interleave) and scheduled case moves between versions: admin verbs, before the debtor side. */
  strategies?: readonly string[];
  strategyMigrations?: readonly string[];
  persons?: readonly string[];
  cases?: readonly string[];
  debts?: readonly string[];
  steps?: readonly string[];
}

const LEVELS = ["users", "clients", "apiKeys", "strategies", "strategyMigrations", "persons", "cases", "debts", "steps"] as const;
type Level = (typeof LEVELS)[number];
const TABLE: Record<Level, SQL> = {
  users: sql.raw("users"),
  clients: sql.raw("clients"),
  apiKeys: sql.raw("api_keys"),
  strategies: sql.raw("strategies"),
  strategyMigrations: sql.raw("strategy_migrations"),
  persons: sql.raw("persons"),
  cases: sql.raw("cases"),
  debts: sql.raw("accounts"),
  steps: sql.raw("outreach_steps"),
};

export class LockOrderError extends Error {
  override readonly name = "LockOrderError";
  readonly code = "lock.order_violation";
  constructor(readonly params: { asked: Level; held: Level }) {
    super(`lock order violated: asked for ${params.asked} while holding ${params.held} (order: person → case → debt → step)`);
  }
}

interface Held {
  level: number;
  ids: Set<string>;
}
/** Per transaction object: the deepest level taken so far and every id held (a re-lock is free). */
const heldBy = new WeakMap<object, Held>();

/** Locks the given rows, level by level, ids sorted; returns the ids actually found per level. */
export async function lockRows(tx: DbOrTx, set: LockSet): Promise<{ [K in Level]: string[] }> {
  // Outside a transaction a row lock ends with its statement: asking for one there is a bug.
  if (!(tx instanceof PgTransaction)) throw new Error("lockRows needs a transaction");
  const held = heldBy.get(tx) ?? { level: -1, ids: new Set<string>() };
  heldBy.set(tx, held);
  const found = { users: [], clients: [], apiKeys: [], strategies: [], strategyMigrations: [], persons: [], cases: [], debts: [], steps: [] } as { [K in Level]: string[] };
  for (const [index, level] of LEVELS.entries()) {
    const ids = [...new Set(set[level] ?? [])].sort();
    const fresh = ids.filter((id) => !held.ids.has(`${level}:${id}`));
    if (fresh.length === 0) {
      found[level] = ids;
      continue;
    }
    if (index < held.level) throw new LockOrderError({ asked: level, held: LEVELS[held.level]! });
    // One array parameter, not a placeholder per id: the planner locks ten thousand persons and cases a
    // transaction (issue 15), and the statement's text stays the same for any count.
    const rows = await tx.execute<{ id: string }>(
      sql`select id from ${TABLE[level]} where id = any(${pgArray(fresh)}::uuid[]) order by id for no key update`,
    );
    for (const r of rows) held.ids.add(`${level}:${r.id}`);
    held.level = Math.max(held.level, index);
    found[level] = [...ids.filter((id) => held.ids.has(`${level}:${id}`))];
  }
  return found;
}

/**
 * A console verb's locks: the case's debtor, then the case (then, if asked, its open debts). The
 * case's person is read first without a lock: a case never changes debtor, so the read cannot go stale.
 * Returns false when the case does not exist.
 */
export async function lockCase(tx: DbOrTx, caseId: string, options: { debts?: readonly string[] } = {}): Promise<boolean> {
  const rows = await tx.execute<{ person_id: string }>(sql`select person_id from ${s.cases} where id = ${caseId}::uuid`);
  const personId = rows[0]?.person_id;
  if (!personId) return false;
  await lockRows(tx, { persons: [personId], cases: [caseId], debts: options.debts ?? [] });
  return true;
}

/**
 * The one lock that never waits: the sweep's `SELECT ... FOR NO KEY UPDATE SKIP LOCKED` over due steps
 * (a step held by a gate or an event is simply left for the next sweep). Used only in a sub-select at
 * the step level, so it adds no edge to the order.
 */
export const SKIP_LOCKED_STEPS = sql.raw("for no key update skip locked");

/** A queue-table drain (the dashboards' rollup inbox: `DELETE ... WHERE id IN (SELECT ... <this>)`):
 *  rows about to be deleted take the delete's own lock, `FOR UPDATE`, and are skipped when held, so
 *  two folders never wait on each other. Outside the person → step order (no other lock is held). */
export const SKIP_LOCKED_FOR_DELETE = sql.raw("for update skip locked");

/** The outbox relay's claim (`SELECT ... <this>` over unrelayed events): two relays never take the same
 *  event and never wait on each other. Outside the person → step order (no other lock is held). */
export const SKIP_LOCKED_OUTBOX = sql.raw("for no key update skip locked");
