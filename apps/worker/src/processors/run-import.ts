import type { Job } from "bullmq";
import { UnrecoverableError } from "bullmq";
import { runImport } from "@casebook/domain";
import { RunImportPayload } from "@casebook/jobs";
import { contextOf, type Deps } from "../deps";

/** One placement, recall or payments file, streamed from the import disk (domain
 *  imports/run-import.ts, run-payment-import.ts); the job's progress is the run's (rows read, valid, quarantined). */
export async function processRunImport(job: Job, deps: Deps) {
  const parsed = RunImportPayload.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError("invalid run-import payload");
  const summary = await runImport(contextOf(deps), { runId: parsed.data.runId, onProgress: (p) => job.updateProgress({ ...p }) });
  deps.log.info({ jobId: job.id, runId: parsed.data.runId, status: summary.status, rowsRead: summary.rowsRead, rowsQuarantined: summary.rowsQuarantined }, "import run");
  return summary;
}
