import { getLocale, getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth";
import { previewReassignment, ValidationError, type ReassignFilter } from "@casebook/domain";
import { ActionForm } from "@/components/action-form";
import { DataTable } from "@/components/dashboards/data-table";
import { contextFor } from "@/lib/context";
import { throwForPage, translateError, type Translate } from "@/lib/errors";
import { pick, type Search } from "@/lib/search-params";
import { reassignCasesAction } from "../actions";

const KEYS = ["teamId", "clientId", "strategyId", "bucket", "status", "ownerUserId", "toUserId"] as const;

/** The confirmation of a bulk reassignment: how many cases, from whom, to whom; nothing moves until
 *  the supervisor confirms this count. */
export default async function ReassignPage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await requireRole("supervisor", "admin");
  const filter = pick(await searchParams, KEYS);
  const t = await getTranslations("team");
  const outcome = await previewReassignment(await contextFor(user), filter as unknown as ReassignFilter)
    .then((preview) => ({ preview }), (error: unknown) => (error instanceof ValidationError ? { error } : throwForPage(error)));
  if ("error" in outcome) {
    // A bad filter (no target, an agent outside the team): say which field and why, with a way back.
    const te = (await getTranslations("errors")) as unknown as Translate;
    const why = translateError(outcome.error.key, outcome.error.params, te, { locale: await getLocale(), agentZone: user.timeZone });
    return (
      <>
        <h1>{t("confirmTitle")}</h1>
        <p className="panel field-error" role="alert" data-testid="reassign-error" data-field={outcome.error.field}>{t("badFilter", { field: t(`fields.${outcome.error.field}` as never), why })}</p>
        <nav className="small"><a href="/supervisor/team">{t("backToTeam")}</a></nav>
      </>
    );
  }
  const { preview } = outcome;
  return (
    <>
      <h1>{t("confirmTitle")}</h1>
      <nav className="small"><a href="/supervisor/team">{t("backToTeam")}</a></nav>
      {preview.count === 0 ? <p className="panel muted" data-testid="reassign-empty">{t("nothingMatches")}</p> : (
        <>
          <p data-testid="reassign-count" data-count={preview.count}>{t("confirmText", { count: preview.count, agent: preview.target.name })}</p>
          <DataTable testId="reassign-from" empty={t("nothingMatches")}
            columns={[{ key: "from", label: t("currentAgent") }, { key: "cases", label: t("cases"), numeric: true }]}
            rows={preview.byOwner.map((o) => ({ id: o.userId ?? "none", from: o.name ?? t("unassigned"), cases: o.cases }))} />
          <ActionForm action={reassignCasesAction} hidden={{ ...filter, expectedCount: String(preview.count) }} submitLabel={t("confirm", { count: preview.count })}
            testId="reassign-confirm" fields={[]} />
        </>
      )}
    </>
  );
}
