import { getImportRun } from "@casebook/domain";
import { readImportJobProgress } from "@casebook/jobs";
import { userForApi } from "@/lib/auth";
import { contextFor } from "@/lib/context";
import { toResponse } from "@/lib/errors";
import { appProducer } from "@/lib/infra";

/** An import run's status and progress for the console's progress bar (polled while it runs): the
 *  counts the worker's job reports as it reads (rows read, valid, quarantined), then its summary. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const who = await userForApi("admin");
  if ("response" in who) return who.response;
  try {
    const { id } = await params;
    const run = await getImportRun(await contextFor(who.user), { runId: id });
    // While it runs, the job's own progress (BullMQ) is the fresher: it carries the bytes read of the file.
    const job = run.status === "running" ? await readImportJobProgress(appProducer(), run.id).catch(() => null) : null;
    const counts = job && (job.rowsRead ?? 0) >= run.rowsRead ? job : run;
    return Response.json({
      status: run.status, rowsRead: counts.rowsRead ?? 0, rowsValid: counts.rowsValid ?? 0, rowsQuarantined: counts.rowsQuarantined ?? 0,
      bytesRead: job?.bytesRead ?? null, bytesTotal: job?.bytesTotal ?? null,
      created: run.created, updated: run.updated, balanceChanges: run.balanceChanges, errorKey: run.errorKey,
    }, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return toResponse(error);
  }
}
