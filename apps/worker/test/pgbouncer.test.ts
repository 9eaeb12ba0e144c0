import { inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, schema as s, type DbHandle } from "@casebook/db";
import { makeCase, makeClient, makePerson, makeTeam, makeUser, PGBOUNCER_BIN, startPgbouncer, type Pgbouncer } from "@casebook/db/testing";
import { addNote, foldRollups, getCaseView, listQueue, postPayment, recordPromise, type Actor } from "@casebook/domain";
import { testContext } from "@casebook/domain/testing";
import { enqueueDispatchSteps, enqueueSweep } from "@casebook/jobs";
import { startHarness, waitUntil, type Harness } from "./harness";

// Many consoles and workers share PostgreSQL through a pooler in transaction mode (pgbouncer, or a
// managed one): consecutive transactions of one client may run on different server connections, so
// no prepared statement (DATABASE_PREPARE=false), no session setting, no session advisory lock or
// LISTEN may be relied on. A private pgbouncer (pool_mode = transaction, a pool smaller than the
// clients' connections, so they really are multiplexed) in front of this run's database.
if (!PGBOUNCER_BIN) console.warn("[pgbouncer.test] skipped: pgbouncer is not installed (Debian: apt-get install -y pgbouncer)");

const NOON_NY = new Date("2026-03-03T17:00:00Z");
const clock = () => ({ CASEBOOK_CLOCK_START: NOON_NY.toISOString(), CASEBOOK_CLOCK_RATE: "1", CASEBOOK_CLOCK_EPOCH_MS: String(Date.now()) });

let h: Harness;
let bouncer: Pgbouncer;
let pooled: DbHandle;
beforeAll(async () => {
  if (!PGBOUNCER_BIN) return;
  h = await startHarness();
  bouncer = await startPgbouncer([h.t.url, h.t.ownerUrl], { poolSize: 3 });
  pooled = createDb({ url: bouncer.through(h.t.url), max: 8, prepare: false });
}, 120_000);
afterAll(async () => {
  await pooled?.close();
  await h?.close();
  await bouncer?.stop();
});

describe.skipIf(!PGBOUNCER_BIN)("through pgbouncer in transaction mode", () => {
  it("the console's domain verbs (reads, writes with their audit, the rollup fold's transaction lock) work, many at once", async () => {
    const db = pooled.db;
    const team = await makeTeam(db);
    const user = await makeUser(db, { teamId: team.id });
    const agent: Actor = { kind: "user", userId: user.id, role: "agent", teamId: team.id, label: user.email };
    const client = await makeClient(db);
    const ctx = () => testContext(db, agent, NOON_NY);
    const cases = await Promise.all(Array.from({ length: 6 }, () => makeCase(db, { clientId: client.id, teamId: team.id, now: NOON_NY })));
    // Concurrent transactions over 8 client connections and 3 server connections.
    await Promise.all(cases.map(async (c, i) => {
      await recordPromise(ctx(), { caseId: c.id, amountMinor: 1_000 + i, dueDate: "2026-03-10" });
      await addNote(ctx(), { caseId: c.id, body: `called, promised (${i})` });
      await postPayment(ctx(), { caseId: c.id, amountMinor: 500, method: "card" });
      const view = await getCaseView(ctx(), c.id);
      expect(view.case.id).toBe(c.id);
    }));
    const queue = await listQueue(ctx(), { limit: 50 });
    expect(queue.rows.map((r) => r.caseId).sort()).toEqual(cases.map((c) => c.id).sort());
    // Every write went in with its audit event (same transaction, same server connection).
    const promises = await db.select().from(s.promises).where(inArray(s.promises.caseId, cases.map((c) => c.id)));
    expect(promises).toHaveLength(6);
    const audits = await h.t.sql<{ n: number }[]>`select count(*)::int as n from audit_events where action like 'promise.%' or action like 'note.%' or action like 'payment.%'`;
    expect(audits[0]!.n).toBeGreaterThanOrEqual(18);
    // pg_try_advisory_xact_lock: transaction-scoped, so it holds through the pooler; two folds at once
    // never both fold the same facts.
    const folds = await Promise.all([foldRollups({ db }), foldRollups({ db })]);
    expect(folds.every((f) => typeof f.folded === "number")).toBe(true);
  }, 120_000);

  it("the worker dispatches through it (DATABASE_PREPARE=false): sweep, gate, claim, send, record, each step once", async () => {
    const client = await makeClient(h.t.db);
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const person = await makePerson(h.t.db, {
        person: { region: "NY", postalCode: "11215", timeZones: ["America/New_York"] },
        contactPoints: [{ kind: "phone", phoneType: "mobile", value: `+1718559${String(1000 + i)}`, isPrimary: true, source: "client", consentCall: true, consentSms: true }],
      });
      const c = await makeCase(h.t.db, { clientId: client.id, personId: person.id, now: NOON_NY });
      const [step] = await h.t.db.insert(s.outreachSteps)
        .values({ caseId: c.id, personId: person.id, partyPersonId: person.id, accountIds: c.accounts.map((a) => a.id), kind: "test", channel: "sms", templateCode: "us_first_sms", purpose: "collection", dueAt: new Date(NOON_NY.getTime() - 60_000) })
        .returning({ id: s.outreachSteps.id });
      ids.push(step!.id);
    }
    const env = { ...clock(), DATABASE_URL: bouncer.through(h.t.url), DATABASE_PREPARE: "false", DATABASE_POOL_MAX: "6", WORKER_QUEUES: "dispatch-sms,outreach-sweep" };
    const workers = [h.spawnWorker(env), h.spawnWorker(env)];
    await Promise.all(workers.map((w) => w.ready));
    await enqueueDispatchSteps(h.producer, ids.slice(0, 4).map((stepId) => ({ channel: "sms" as const, stepId, version: 0 })));
    await enqueueSweep(h.producer, {}, NOON_NY);
    await waitUntil(async () => {
      const rows = await h.t.db.select({ state: s.outreachSteps.state }).from(s.outreachSteps).where(inArray(s.outreachSteps.id, ids));
      return rows.every((r) => r.state === "dispatched" || r.state === "delivered");
    }, 90_000, "every step dispatched through the pooler").catch((e: Error) => {
      console.log(workers.map((w) => w.output().slice(-2000)).join("\n---\n"));
      throw e;
    });
    const attempts = await h.t.db.select({ step: s.contactAttempts.outreachStepId }).from(s.contactAttempts).where(inArray(s.contactAttempts.outreachStepId, ids));
    expect(attempts.map((a) => a.step).sort()).toEqual([...ids].sort());
    expect(h.sim.requests()).toHaveLength(ids.length);
    for (const w of workers) expect(w.output()).not.toMatch(/prepared statement|does not exist/);
    for (const w of workers) w.child.kill("SIGTERM");
    expect(await Promise.all(workers.map((w) => w.exited))).toEqual([0, 0]);
  }, 180_000);
});
