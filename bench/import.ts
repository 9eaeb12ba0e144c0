// bench/import (issue 16): a generated placement file with 1% invalid rows, imported end to end by the
// domain's runImport (stream, check, COPY into staging, one merge) in a process of its own, next to a
// raw COPY of the same valid rows into an unindexed table, in the same run on the same database.
// Prints JSON: import and COPY seconds, their ratio (target <= 3), the importing process's peak RSS
// (target < 512 MB), the load average. The database is created for the run and dropped after.
import { spawn } from "node:child_process";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { createDb } from "@casebook/db";
import { createTestDatabase, makeClient, makeTeam } from "@casebook/db/testing";
import { createImportRun, runImport, systemActor } from "@casebook/domain";
import { testContext } from "@casebook/domain/testing";

const HEADER = "Account No,Name,Balance,Currency,Due,Country,State,ZIP,Phone,Email";
const MAPPING = { accountReference: "Account No", fullName: "Name", balanceMinor: "Balance", currency: "Currency", dueDate: "Due", country: "Country", region: "State", postalCode: "ZIP", phone: "Phone", email: "Email" };
const NOW = new Date("2026-03-03T15:00:00Z");
const load = () => loadavg().map((x) => Math.round(x * 100) / 100);

const { values } = parseArgs({ options: { rows: { type: "string", default: "1000000" }, child: { type: "string" }, url: { type: "string" } }, allowPositionals: true });

if (values.child) {
  // The importing process: only runImport, so its peak RSS is the import's.
  const { db, close } = createDb({ url: values.url!, max: 3 });
  const backends0 = await backendCpu(values.url!);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const summary = await runImport(testContext(db, systemActor("bench-import"), NOW), { runId: values.child });
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const backends = await backendCpu(values.url!);
  const backendSeconds = [...backends].reduce((t, [pid, s]) => t + s - (backends0.get(pid) ?? 0), 0);
  await close();
  process.stdout.write(`${JSON.stringify({ seconds, summary, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024), cpuSeconds: (cpu.user + cpu.system) / 1e6, backendCpuSeconds: backendSeconds })}\n`);
  process.exit(0);
}

/** CPU seconds (user + system) each server process of the database has used so far, read from /proc:
 *  the bench runs beside its PostgreSQL, and on a shared machine CPU time is steadier than wall time. */
async function backendCpu(url: string): Promise<Map<number, number>> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const pids = (await sql`select pid from pg_stat_activity where datname = current_database()`).map((r) => Number(r.pid));
    const out = new Map<number, number>();
    for (const pid of pids) {
      const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => null);
      if (!stat) continue;
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      out.set(pid, (Number(f[11]) + Number(f[12])) / 100);
    }
    return out;
  } finally {
    await sql.end();
  }
}

const rows = Number(values.rows);
if (!Number.isInteger(rows) || rows < 100) throw new Error("--rows: a whole number >= 100");
const dir = await mkdtemp(path.join(tmpdir(), "casebook-bench-import-"));
const file = path.join(dir, "placements.csv");
const validFile = path.join(dir, "valid.csv");
const t = await createTestDatabase({ max: 4 });
const result: Record<string, unknown> = { rows, loadBefore: load() };
try {
  await makeTeam(t.db);
  const client = await makeClient(t.db);

  // The file: every 100th row invalid (an unknown currency or a negative balance, alternately); the
  // valid rows also go, as they are, to the file the raw COPY reads.
  const started = performance.now();
  const out = createWriteStream(file);
  const valid = createWriteStream(validFile);
  const write = async (s: ReturnType<typeof createWriteStream>, line: string) => {
    if (!s.write(line)) await new Promise<void>((r) => s.once("drain", () => r()));
  };
  await write(out, `${HEADER}\n`);
  await write(valid, `${HEADER}\n`);
  let invalid = 0;
  for (let i = 1; i <= rows; i++) {
    const bad = i % 100 === 0;
    const currency = bad && i % 200 === 0 ? "XXQ" : "USD";
    const balance = bad && i % 200 !== 0 ? "-1500" : String(1_000 + (i % 500_000));
    const phone = `212555${String(i % 10_000).padStart(4, "0")}`;
    const line = `BENCH-${i},"Park, Lee ${i}",${balance},${currency},2026-01-${String((i % 28) + 1).padStart(2, "0")},US,NY,11215,${phone},p${i}@example.com\n`;
    await write(out, line);
    if (bad) invalid++;
    else await write(valid, line);
  }
  await Promise.all([new Promise<void>((r) => out.end(() => r())), new Promise<void>((r) => valid.end(() => r()))]);
  result.invalidRows = invalid;
  result.fileMb = Math.round((await stat(file)).size / 1024 / 102.4) / 10;
  result.generateSeconds = Math.round((performance.now() - started) / 10) / 100;

  // The baseline: COPY of the valid rows into an unindexed table (no checks, no merge).
  await t.ownerSql`create table raw_placements (account_reference text, full_name text, balance_minor bigint, currency text, due_date date, country text, region text, postal_code text, phone text, email text)`;
  const owner = await t.ownerSql.reserve();
  const copyPid = Number((await owner`select pg_backend_pid() as pid`)[0]!.pid);
  const procCpu = async (pid: number) => {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(f[11]) + Number(f[12])) / 100;
  };
  const copyCpu0 = await procCpu(copyPid).catch(() => NaN);
  const c0 = performance.now();
  const writable = await owner`copy raw_placements from stdin with (format csv, header true)`.writable();
  await pipeline(createReadStream(validFile, { highWaterMark: 256 * 1024 }), writable);
  const copySeconds = (performance.now() - c0) / 1000;
  result.copyBackendCpuSeconds = Math.round(((await procCpu(copyPid).catch(() => NaN)) - copyCpu0) * 100) / 100;
  owner.release();
  result.copySeconds = Math.round(copySeconds * 100) / 100;
  result.copiedRows = Number((await t.ownerSql`select count(*)::int as n from raw_placements`)[0]!.n);

  // The import, end to end, in its own process (the worker's run-import job does the same call).
  const { runId } = await createImportRun(testContext(t.db, systemActor("bench-import"), NOW), { clientId: client.id, kind: "placement", filePath: file, fileName: "placements.csv", encoding: "utf-8", mapping: MAPPING });
  const self = fileURLToPath(import.meta.url);
  const i0 = performance.now();
  const child = spawn(process.execPath, [...process.execArgv, self, "--child", runId, "--url", t.url], { stdio: ["ignore", "pipe", "inherit"] });
  let output = "";
  child.stdout.on("data", (c: Buffer) => (output += c.toString()));
  const code = await new Promise<number | null>((r) => child.on("close", r));
  const wallSeconds = (performance.now() - i0) / 1000;
  if (code !== 0) throw new Error(`the importing process exited ${code}`);
  const imported = JSON.parse(output.trim().split("\n").at(-1)!) as { seconds: number; summary: Record<string, unknown>; peakRssMb: number; cpuSeconds: number; backendCpuSeconds: number };
  result.import = imported.summary;
  result.importSeconds = Math.round(imported.seconds * 100) / 100;
  result.importProcessWallSeconds = Math.round(wallSeconds * 100) / 100;
  result.ratioToCopy = Math.round((imported.seconds / copySeconds) * 100) / 100;
  result.peakRssMb = imported.peakRssMb;
  // Where the time went, steadier than wall time on a busy machine: the importing process's CPU and its
  // database server processes' CPU, next to the raw COPY's server CPU.
  result.importProcessCpuSeconds = Math.round(imported.cpuSeconds * 100) / 100;
  result.importBackendCpuSeconds = Math.round(imported.backendCpuSeconds * 100) / 100;
  result.accounts = Number((await t.sql`select count(*)::int as n from accounts where client_id = ${client.id}`)[0]!.n);
  result.targets = { ratioMax: 3, ratioMet: imported.seconds / copySeconds <= 3, rssMaxMb: 512, rssMet: imported.peakRssMb < 512 };
  result.loadAfter = load();
} finally {
  await t.drop();
  await rm(dir, { recursive: true, force: true });
}
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
process.exit(0);
