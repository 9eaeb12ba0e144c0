import { getTranslations } from "next-intl/server";
import { DomainError, IMPORT_FILE_FIELDS, IMPORT_KINDS, listClientsAdmin, NotFoundError, previewImportFile, type ImportKind } from "@casebook/domain";
import { ActionForm } from "@/components/action-form";
import { requireRole } from "@/lib/auth";
import { contextFor } from "@/lib/context";
import { throwForPage } from "@/lib/errors";
import { importFilePath } from "@/lib/imports/import-files";
import { startImportAction } from "../actions";

type Search = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : "");

/**
 * The mapping preview of an uploaded file: its first rows as read in the chosen encoding (switchable
 * here), and one column chosen per field, suggested from the client's saved mapping. Starting the import
 * saves the mapping for the client's next file.
 */
export default async function NewImportPage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await requireRole("admin");
  const sp = await searchParams;
  const fileId = one(sp.file);
  const clientId = one(sp.client);
  const kind: ImportKind = (IMPORT_KINDS as readonly string[]).includes(one(sp.kind)) ? (one(sp.kind) as ImportKind) : "placement";
  const encoding = one(sp.encoding) === "gbk" ? "gbk" : "utf-8";
  const fileName = one(sp.name) || "file.csv";
  const filePath = importFilePath(fileId);
  if (!filePath) throwForPage(new NotFoundError("import_file", fileId));
  const ctx = await contextFor(user);
  const t = await getTranslations("adminConsole.imports");
  const te = await getTranslations("errors.domain");
  const clients = await listClientsAdmin(ctx);
  const client = clients.find((c) => c.id === clientId);
  if (!client) throwForPage(new NotFoundError("client", clientId));
  let preview: Awaited<ReturnType<typeof previewImportFile>> | null = null;
  let problem: string | null = null;
  try {
    preview = await previewImportFile(ctx, { clientId, kind, filePath: filePath!, encoding });
  } catch (error) {
    if (!(error instanceof DomainError) || error.code === "forbidden" || error.code === "not_found") throwForPage(error);
    problem = te(error.key as never, error.params as never);
  }
  const fields = IMPORT_FILE_FIELDS[kind].all;
  const required = new Set<string>(IMPORT_FILE_FIELDS[kind].required);
  return (
    <>
      <h1>{t("previewTitle", { file: fileName })}</h1>
      <p>{client!.code} · {client!.name} · {t(`kinds.${kind}`)}</p>
      <form method="get" className="form" data-testid="import-encoding">
        {Object.entries({ file: fileId, client: clientId, kind, name: fileName }).map(([k, v]) => <input key={k} type="hidden" name={k} value={v} />)}
        <div className="row">
          <label htmlFor="preview-encoding">{t("encoding")}
            <select id="preview-encoding" name="encoding" defaultValue={encoding}><option value="utf-8">UTF-8</option><option value="gbk">GBK</option></select>
          </label>
          <button type="submit">{t("rePreview")}</button>
        </div>
      </form>
      {problem ? <div className="form-error" role="alert" data-testid="preview-problem">{problem}</div> : null}
      {preview ? (
        <>
          <section className="panel">
            <h2>{t("firstRows", { count: preview.rows.length })}</h2>
            <div style={{ overflowX: "auto" }}>
              <table className="grid" data-testid="import-preview">
                <thead><tr>{preview.header.map((h, i) => <th key={i}>{h}</th>)}</tr></thead>
                <tbody>{preview.rows.map((r, i) => <tr key={i}>{r.map((c, j) => <td key={j}>{c}</td>)}</tr>)}</tbody>
              </table>
            </div>
          </section>
          <section className="panel">
            <h2>{t("mapping")}</h2>
            <p className="muted small">{preview.saved ? t("mappingSaved") : t("mappingNew")}</p>
            <ActionForm action={startImportAction} testId="import-mapping" submitLabel={t("start")}
              hidden={{ clientId, fileId, fileName, kind, encoding }}
              fields={fields.map((f) => ({
                name: `map.${f}`, label: `${t(`fields.${f}`)}${required.has(f) ? " *" : ""}`, type: "select" as const,
                defaultValue: preview!.suggested[f] ?? "",
                options: [{ value: "", label: t("notInFile") }, ...preview!.header.map((h) => ({ value: h, label: h }))],
              }))} />
          </section>
        </>
      ) : null}
    </>
  );
}
