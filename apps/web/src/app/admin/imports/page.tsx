import { getLocale, getTranslations } from "next-intl/server";
import { listClientsAdmin, listImportRuns } from "@casebook/domain";
import { requireRole } from "@/lib/auth";
import { contextFor } from "@/lib/context";
import { formatTime } from "@/lib/format";
import { UploadForm } from "./upload-form";

/** Placement, recall and payments files (issue 16): the upload, then every run of every client, newest first. */
export default async function ImportsPage() {
  const user = await requireRole("admin");
  const ctx = await contextFor(user);
  const [clients, runs] = await Promise.all([listClientsAdmin(ctx), listImportRuns(ctx, { limit: 100 })]);
  const t = await getTranslations("adminConsole.imports");
  const locale = await getLocale();
  const clientName = new Map(clients.map((c) => [c.id, `${c.code} · ${c.name}`]));
  return (
    <>
      <h1>{t("title")}</h1>
      <section className="panel">
        <h2>{t("upload")}</h2>
        <p className="muted small">{t("uploadHelp")}</p>
        <UploadForm clients={clients.map((c) => ({ id: c.id, label: `${c.code} · ${c.name}` }))} labels={{
          client: t("client"), kind: t("kind"), kinds: { placement: t("kinds.placement"), recall: t("kinds.recall"), payment: t("kinds.payment") }, encoding: t("encoding"),
          file: t("file"), submit: t("uploadSubmit"), sending: t("sending"), chooseFile: t("chooseFile"), tooLarge: t("tooLarge"), failed: t("uploadFailed"),
        }} />
      </section>
      <section className="panel">
        <h2>{t("history")}</h2>
        {runs.length === 0 ? <p className="muted">{t("noRuns")}</p> : (
          <table className="grid" data-testid="import-history">
            <thead><tr><th>{t("when")}</th><th>{t("client")}</th><th>{t("file")}</th><th>{t("kind")}</th><th>{t("status")}</th>
              <th className="num">{t("rowsRead")}</th><th className="num">{t("rowsValid")}</th><th className="num">{t("rowsQuarantined")}</th>
              <th className="num">{t("created")}</th><th className="num">{t("updated")}</th><th /></tr></thead>
            <tbody>{runs.map((r) => (
              <tr key={r.id} data-testid={`import-run-${r.id}`}>
                <td>{formatTime(r.createdAt, "UTC", locale)}</td><td>{clientName.get(r.clientId) ?? r.clientId}</td><td>{r.fileName}</td>
                <td>{t(`kinds.${r.kind}`)}</td><td>{t(`statuses.${r.status}`)}</td>
                <td className="num">{r.rowsRead}</td><td className="num">{r.rowsValid}</td><td className="num">{r.rowsQuarantined}</td>
                <td className="num">{r.created}</td><td className="num">{r.updated}</td>
                <td><a href={`/admin/imports/${r.id}`}>{t("open")}</a></td>
              </tr>
            ))}</tbody>
          </table>
        )}
      </section>
    </>
  );
}
