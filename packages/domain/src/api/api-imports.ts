import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { schema } from "@casebook/db";
import type { DomainContext } from "../context";
import { NotFoundError, ValidationError } from "../errors";
import { parseInput } from "../parse-input";
import { createImportRun } from "../imports/import-runs";
import { FileRefusedError, previewCsv } from "../imports/read-csv";
import { IMPORT_FILE_FIELDS } from "../imports/file-kinds";
import { requireApiClient } from "./api-client";

export const CreateApiImportRun = z.object({
  kind: z.enum(["placement", "payment"]),
  filePath: z.string().min(1),
  fileName: z.string().trim().min(1).max(255),
  encoding: z.enum(["utf-8", "gbk"]).default("utf-8"),
  /** Field → the file's column header; absent: the client's saved mapping for this kind of file. */
  mapping: z.record(z.string(), z.string().min(1).max(200)).optional(),
});
export type CreateApiImportRun = z.input<typeof CreateApiImportRun>;

/**
 * A file the client's key uploaded (already on the import disk) becomes a queued run for the key's
 * client, through the console's createImportRun (same checks, same audit, the mapping saved for the
 * next file). Without a mapping in the request the client's saved one is used; with neither, the
 * request is refused naming `mapping` before any run exists. The file's header is read at once (one
 * line): a field mapped to no column of the file, or a required field not mapped, is refused here,
 * naming `mapping.<field>`, rather than as a failed run later.
 */
export async function createApiImportRun(ctx: DomainContext, input: CreateApiImportRun): Promise<{ runId: string; mapping: Record<string, string> }> {
  const { clientId } = requireApiClient(ctx.actor);
  const p = parseInput(CreateApiImportRun, input);
  let mapping = p.mapping;
  if (!mapping) {
    const [saved] = await ctx.db.select({ mapping: schema.importMappings.mapping }).from(schema.importMappings)
      .where(and(eq(schema.importMappings.clientId, clientId), eq(schema.importMappings.kind, p.kind)));
    if (!saved) throw new ValidationError("mapping", "import_mapping_missing");
    mapping = saved.mapping;
  }
  const fields = IMPORT_FILE_FIELDS[p.kind];
  for (const field of Object.keys(mapping)) {
    if (!fields.all.includes(field)) throw new ValidationError(`mapping.${field}`, "invalid_option");
  }
  const { header } = await previewCsv(p.filePath, p.encoding, 0).catch((error: unknown) => {
    if (error instanceof FileRefusedError) throw new ValidationError("encoding", error.key, error.params);
    throw error;
  });
  const columns = header.map((h) => h.trim());
  for (const field of fields.required) {
    if (!mapping[field]) throw new ValidationError(`mapping.${field}`, "required");
    if (!columns.includes(mapping[field])) throw new ValidationError(`mapping.${field}`, "column_missing", { field });
  }
  const { runId } = await createImportRun(ctx, { clientId, kind: p.kind, filePath: p.filePath, fileName: p.fileName, encoding: p.encoding, mapping });
  return { runId, mapping };
}

const Uuid = z.uuid();

/** One of the key's client's import runs; another client's run, or no run, is not found (404, never 403). */
export async function getApiImportRun(ctx: DomainContext, input: { runId: string }): Promise<typeof schema.importRuns.$inferSelect> {
  const { clientId } = requireApiClient(ctx.actor);
  if (!Uuid.safeParse(input.runId).success) throw new NotFoundError("import_run", input.runId);
  const [run] = await ctx.db.select().from(schema.importRuns).where(and(eq(schema.importRuns.id, input.runId), eq(schema.importRuns.clientId, clientId)));
  if (!run) throw new NotFoundError("import_run", input.runId);
  return run;
}
