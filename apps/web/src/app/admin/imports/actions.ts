"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { cancelImportRun, createImportRun, IMPORT_FILE_FIELDS, IMPORT_KINDS, rerunImportRun, ValidationError } from "@casebook/domain";
import { enqueueImportRun } from "@casebook/jobs";
import { defineAction, text } from "@/lib/action";
import { appProducer } from "@/lib/infra";
import { importFilePath } from "@/lib/imports/import-files";

// Placement, recall and payments files (issue 16): the run is created, then queued after its commit. A failed
// enqueue leaves the run queued; "run again" on the run's page queues it as a new run.
const admin = { roles: ["admin" as const], namespace: "adminConsole" };

export const startImportAction = defineAction({
  ...admin,
  input: z.looseObject({ clientId: text, fileId: text, fileName: text, kind: z.enum(IMPORT_KINDS), encoding: z.enum(["utf-8", "gbk"]) }),
  run: async ({ ctx, input }) => {
    const filePath = importFilePath(input.fileId);
    if (!filePath) throw new ValidationError("fileId", "import_file_missing");
    const values = input as Record<string, unknown>;
    const mapping: Record<string, string> = {};
    for (const field of IMPORT_FILE_FIELDS[input.kind].all) {
      const column = values[`map.${field}`];
      if (typeof column === "string" && column !== "") mapping[field] = column;
    }
    const { runId } = await createImportRun(ctx, { clientId: input.clientId, kind: input.kind, filePath, fileName: input.fileName, encoding: input.encoding, mapping });
    await enqueueImportRun(appProducer(), runId);
    revalidatePath("/admin/imports");
    redirect(`/admin/imports/${runId}`);
  },
});

export const cancelImportAction = defineAction({
  ...admin,
  input: z.object({ runId: text }),
  run: async ({ ctx, input, t }) => {
    await cancelImportRun(ctx, { runId: input.runId });
    revalidatePath(`/admin/imports/${input.runId}`);
    return { ok: true, message: t("imports.cancelled") };
  },
});

export const rerunImportAction = defineAction({
  ...admin,
  input: z.object({ runId: text }),
  run: async ({ ctx, input }) => {
    const { runId } = await rerunImportRun(ctx, { runId: input.runId });
    await enqueueImportRun(appProducer(), runId);
    revalidatePath("/admin/imports");
    redirect(`/admin/imports/${runId}`);
  },
});
