import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema as s, type Tx } from "@casebook/db";
import { createTestDatabase, makeCase, type TestDatabase } from "@casebook/db/testing";
import {
  blockStep, blockSteps, canTransition, cancelSteps, claimStep, claimSteps, deferStep, deferSteps, failStep, failSteps, IllegalStepTransitionError,
  markStepDelivered, markStepSent, markStepsSent, markStepUnknown, noteProviderUnavailable, postponeSteps, STEP_STATES, STEP_TRANSITIONS, type StepState,
} from "../../src/outreach/steps/step-lifecycle";

const NOW = new Date("2026-03-03T17:00:00Z");
let t: TestDatabase;
let base: { caseId: string; personId: string; accountIds: string[] };

beforeAll(async () => {
  t = await createTestDatabase({ max: 4 });
  const c = await makeCase(t.db, { now: NOW });
  base = { caseId: c.id, personId: c.personId, accountIds: c.accounts.map((a) => a.id) };
});
afterAll(async () => t?.drop());

async function stepIn(state: StepState): Promise<string> {
  const [row] = await t.db
    .insert(s.outreachSteps)
    .values({ ...base, partyPersonId: base.personId, kind: "test", channel: "sms", templateCode: "x", purpose: "collection", dueAt: NOW, state, dispatchId: state === "planned" || state === "deferred" ? null : randomUUID() })
    .returning({ id: s.outreachSteps.id });
  return row!.id;
}
const stateOf = async (id: string) => (await t.db.select({ state: s.outreachSteps.state, reason: s.outreachSteps.reason }).from(s.outreachSteps).where(eq(s.outreachSteps.id, id)))[0]!;

// One function per transition, and the state it moves to.
const SINGLE: Array<{ name: string; to: StepState; run: (tx: Tx, id: string) => Promise<unknown> }> = [
  { name: "claimStep", to: "claimed", run: (tx, id) => claimStep(tx, id, { dispatchId: randomUUID(), decisionId: randomUUID(), contactPointId: null, now: NOW }) },
  { name: "deferStep", to: "deferred", run: (tx, id) => deferStep(tx, id, { until: new Date(NOW.getTime() + 3_600_000), reason: "compliance_deferred", now: NOW }) },
  { name: "blockStep", to: "blocked", run: (tx, id) => blockStep(tx, id, { reason: "compliance_blocked", now: NOW }) },
  { name: "failStep", to: "failed", run: (tx, id) => failStep(tx, id, { reason: "template_error", now: NOW }) },
  { name: "markStepSent", to: "dispatched", run: (tx, id) => markStepSent(tx, id, { now: NOW }) },
  { name: "markStepDelivered", to: "delivered", run: (tx, id) => markStepDelivered(tx, id, { now: NOW }) },
  { name: "markStepUnknown", to: "reconcile", run: (tx, id) => markStepUnknown(tx, id, { reason: "send_outcome_unknown", now: NOW }) },
  { name: "noteProviderUnavailable", to: "claimed", run: (tx, id) => noteProviderUnavailable(tx, id, { now: NOW }) },
];

describe("the outreach step lifecycle (issue 9 §2)", () => {
  it("walks every (state, transition): allowed ones land in the table's state, forbidden ones throw and change nothing", async () => {
    const walked = new Set<string>();
    let allowed = 0;
    let forbidden = 0;
    for (const from of STEP_STATES) {
      for (const fn of SINGLE) {
        const id = await stepIn(from);
        const attempt = t.db.transaction((tx) => fn.run(tx, id));
        if (canTransition(from, fn.to)) {
          await expect(attempt, `${fn.name} from ${from}`).resolves.toBe(from);
          expect((await stateOf(id)).state).toBe(fn.to);
          walked.add(`${from}>${fn.to}`);
          allowed++;
        } else {
          await expect(attempt, `${fn.name} from ${from}`).rejects.toBeInstanceOf(IllegalStepTransitionError);
          expect((await stateOf(id)).state).toBe(from);
          forbidden++;
        }
      }
      // The set-based transitions touch only rows they may move.
      for (const [to, run] of [
        ["cancelled", (id: string) => cancelSteps(t.db, eq(s.outreachSteps.id, id), { reason: "dispute_opened", now: NOW })],
        ["planned", (id: string) => postponeSteps(t.db, eq(s.outreachSteps.id, id), { until: new Date(NOW.getTime() + 86_400_000), now: NOW })],
      ] as const) {
        const id = await stepIn(from);
        const moved = await run(id);
        expect(moved.length, `${to} from ${from}`).toBe(canTransition(from, to) ? 1 : 0);
        expect((await stateOf(id)).state).toBe(canTransition(from, to) ? to : from);
        if (canTransition(from, to)) walked.add(`${from}>${to}`);
      }
    }
    // Every edge of the table is reachable through some function, and the final states have none.
    const table = STEP_STATES.flatMap((from) => STEP_TRANSITIONS[from].map((to) => `${from}>${to}`));
    expect([...walked].sort()).toEqual([...table].sort());
    for (const final of ["delivered", "failed", "blocked", "cancelled"] as const) expect(STEP_TRANSITIONS[final]).toEqual([]);
    expect(allowed).toBeGreaterThan(10);
    expect(forbidden).toBeGreaterThan(30);
  });

  it("moves a whole batch in one statement per transition: the gate's only from an open step, the send's only from claimed or reconcile", async () => {
    const until = new Date(NOW.getTime() + 3_600_000);
    // The gate's set transitions (each step read open under its lock): anything else rolls the batch back.
    const GATE: Array<{ name: string; to: StepState; run: (tx: Tx, ids: string[]) => Promise<string[]> }> = [
      { name: "claimSteps", to: "claimed", run: (tx, ids) => claimSteps(tx, ids.map((stepId) => ({ stepId, dispatchId: randomUUID(), decisionId: randomUUID(), contactPointId: null })), { now: NOW }) },
      { name: "deferSteps", to: "deferred", run: (tx, ids) => deferSteps(tx, ids.map((stepId) => ({ stepId, until, decisionId: randomUUID() })), { reason: "compliance_deferred", now: NOW }) },
      { name: "blockSteps", to: "blocked", run: (tx, ids) => blockSteps(tx, ids.map((stepId) => ({ stepId, decisionId: randomUUID() })), { reason: "compliance_blocked", now: NOW }) },
      { name: "failSteps", to: "failed", run: (tx, ids) => failSteps(tx, ids.map((stepId) => ({ stepId, reason: "no_contact_point" as const })), { now: NOW }) },
    ];
    for (const fn of GATE) {
      const open = [await stepIn("planned"), await stepIn("deferred")];
      await expect(t.db.transaction((tx) => fn.run(tx, open)), fn.name).resolves.toHaveLength(2);
      for (const id of open) expect((await stateOf(id)).state).toBe(fn.to);
      for (const from of STEP_STATES.filter((st) => st !== "planned" && st !== "deferred")) {
        const batch = [await stepIn("planned"), await stepIn(from)];
        await expect(t.db.transaction((tx) => fn.run(tx, batch)), `${fn.name} with a ${from} step`).rejects.toBeInstanceOf(IllegalStepTransitionError);
        expect((await stateOf(batch[0]!)).state).toBe("planned");
        expect((await stateOf(batch[1]!)).state).toBe(from);
      }
    }
    // The send's write-back: a step that moved on meanwhile is left as it is.
    for (const to of ["dispatched", "delivered"] as const) {
      const ids = await Promise.all(STEP_STATES.map((st) => stepIn(st)));
      const moved = await t.db.transaction((tx) => markStepsSent(tx, ids, { to, now: NOW }));
      expect(moved.sort()).toEqual([ids[STEP_STATES.indexOf("claimed")]!, ids[STEP_STATES.indexOf("reconcile")]!].sort());
      for (const [i, id] of ids.entries()) expect((await stateOf(id)).state).toBe(moved.includes(id) ? to : STEP_STATES[i]);
      for (const id of moved) expect(canTransition(STEP_STATES[ids.indexOf(id)]!, to)).toBe(true);
    }
  });

  it("records a typed reason, never free text", async () => {
    const id = await stepIn("planned");
    await t.db.transaction((tx) => failStep(tx, id, { reason: "no_contact_point", now: NOW }));
    expect(await stateOf(id)).toEqual({ state: "failed", reason: "no_contact_point" });
    await expect(t.db.execute(`update outreach_steps set reason = 'whatever went wrong' where id = '${id}'`)).rejects.toThrow();
  });

  it("is the only code that updates outreach_steps", async () => {
    const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
    const owner = path.join(repo, "packages/domain/src/outreach/steps/step-lifecycle.ts");
    const writes = /update\(\s*(s|schema)\.outreachSteps\s*\)|update\s+outreach_steps\b|outreachSteps\)\s*\.set\(/i;
    const offenders: string[] = [];
    async function walk(dir: string): Promise<void> {
      for (const e of await readdir(dir, { withFileTypes: true })) {
        if (["node_modules", "dist", ".next", "test", "drizzle"].includes(e.name) || e.name.startsWith(".")) continue;
        const full = path.join(dir, e.name);
        if (e.isDirectory()) await walk(full);
        else if (/\.(ts|tsx)$/.test(e.name) && full !== owner && writes.test(await readFile(full, "utf8"))) offenders.push(path.relative(repo, full));
      }
    }
    for (const top of ["apps", "packages", "bench", "scripts"]) await walk(path.join(repo, top));
    expect(offenders).toEqual([]);
  });
});
