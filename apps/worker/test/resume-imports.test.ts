import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema as s } from "@casebook/db";
import { makeClient, makeTeam } from "@casebook/db/testing";
import { createImportRun } from "@casebook/domain";
import { JOBS, QUEUES, jobId } from "@casebook/jobs";
import { startHarness, waitUntil, type Harness } from "./harness";

// Issue 16, "nothing lost": a file is accepted (its run committed as queued) and then its job never
// reaches Redis — the enqueue after the commit failed, or Redis lost its data before a worker took it.
// The worker's maintenance job must find the run and enqueue it again; a run queued a moment ago is
// left to its own enqueue.
const ACCEPTED = new Date("2026-03-03T15:00:00Z");
const NOW = new Date(ACCEPTED.getTime() + 120_000); // the worker's clock: two minutes later
const HEADER = "Account No,Name,Balance,Currency,Due,Country,State,ZIP,Phone,Email";
const mapping = { accountReference: "Account No", fullName: "Name", balanceMinor: "Balance", currency: "Currency", dueDate: "Due", country: "Country", region: "State", postalCode: "ZIP", phone: "Phone", email: "Email" };

let h: Harness;
let dir: string;
beforeAll(async () => {
  h = await startHarness();
  dir = await mkdtemp(path.join(tmpdir(), "casebook-resume-import-"));
}, 120_000);
afterAll(async () => {
  await h?.close();
  await rm(dir, { recursive: true, force: true });
});

async function queuedRun(clientId: string, name: string, at: Date): Promise<string> {
  const file = path.join(dir, `${name}.csv`);
  await writeFile(file, `${HEADER}\n${name}-1,Lee Park,12345,USD,2026-01-15,US,NY,11215,212-555-0100,lee@example.com\n`);
  const { runId } = await createImportRun(h.ctx(at), { clientId, kind: "placement", filePath: file, fileName: `${name}.csv`, encoding: "utf-8", mapping });
  return runId;
}
const status = async (runId: string) => (await h.t.db.select({ status: s.importRuns.status }).from(s.importRuns).where(eq(s.importRuns.id, runId)))[0]!.status;

describe("resume-import-runs (worker maintenance job)", () => {
  it("enqueues again a run queued for over a minute without a job, which then completes; a run queued just now is left alone", async () => {
    await makeTeam(h.t.db); // the merge's default team for new cases
    const client = await makeClient(h.t.db);
    // Accepted two minutes before the worker's clock, and no job was ever added.
    const stranded = await queuedRun(client.id, "STRANDED", ACCEPTED);

    const worker = h.spawnWorker({ WORKER_QUEUES: `${QUEUES.maintenance},${QUEUES.imports}`, CASEBOOK_CLOCK_START: NOW.toISOString() });
    await worker.ready;
    const fresh = await queuedRun(client.id, "FRESH", NOW);
    const resume = await h.producer.queue(QUEUES.maintenance).add(JOBS.resumeImportRuns, {});

    await waitUntil(async () => (await status(stranded)) === "completed", 60_000, "the stranded run to complete").catch(async (error: Error) => {
      throw new Error(`${error.message}: run ${await status(stranded)}, worker said:\n${worker.output().slice(-3000)}`);
    });
    const [account] = await h.t.sql`select count(*)::int as n from accounts where client_id = ${client.id} and client_reference = 'STRANDED-1'`;
    expect(account!.n).toBe(1);
    // Only the stranded run was enqueued: the fresh run's own enqueue (the console's or the API's,
    // right after its commit) is not raced.
    expect((await h.producer.queue(QUEUES.maintenance).getJob(resume.id!))?.returnvalue).toEqual({ enqueued: 1 });
    expect(await status(fresh)).toBe("queued");
    expect(await h.producer.queue(QUEUES.imports).getJob(jobId("import", fresh, 0))).toBeUndefined();
    expect(worker.output()).not.toContain("Lee Park");
  }, 120_000);
});
