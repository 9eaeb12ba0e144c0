import { getLocale, getTranslations } from "next-intl/server";
import { requireUser } from "@/lib/auth";
import {
  getCaseView, getCompliancePanel, getQueueNeighbours, listMessageTemplates, NotFoundError, suggestCallbackTimes, type CompliancePanel,
} from "@casebook/domain";
import { contextFor } from "@/lib/context";
import { throwForPage } from "@/lib/errors";
import { ActionsSection } from "./sections/actions-section";
import { CaseHeader } from "./sections/case-header";
import { ComplianceSection } from "./sections/compliance-section";
import { ContactPointsSection } from "./sections/contact-points-section";
import { DebtsSection } from "./sections/debts-section";
import { PersonSection } from "./sections/person-section";
import { RelatedSection } from "./sections/related-section";
import type { CaseScreen } from "./sections/screen";
import { TimelineSection } from "./sections/timeline-section";

/** The case screen: one read per concern, then each section renders itself (server components). */
export default async function CasePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const { id } = await params;
  const sp = await searchParams;
  if (!/^[0-9a-f-]{36}$/i.test(id)) throwForPage(new NotFoundError("case", id));
  const ctx = await contextFor(user);
  // Each query checks the actor's right to the case itself, so they run side by side.
  const [view, nav, panel, templates, callback] = await Promise.all([
    getCaseView(ctx, id).catch(throwForPage),
    getQueueNeighbours(ctx, id).catch(throwForPage),
    getCompliancePanel(ctx, id).catch((): CompliancePanel | null => null),
    listMessageTemplates(ctx, id).catch(() => []),
    suggestCallbackTimes(ctx, { caseId: id }).catch(() => ({ times: [] as Date[], zone: null })),
  ]);
  const s: CaseScreen = { view, user, ctx, locale: await getLocale(), agentZone: user.timeZone, debtorZone: view.person.timeZone };
  const t = await getTranslations("case");
  const qs = new URLSearchParams(Object.entries(sp).flatMap(([k, v]) => (typeof v === "string" ? [[k, v] as [string, string]] : []))).toString();
  const cpById = new Map(view.contactPoints.map((c) => [c.id, c]));
  const cpLabel = (cpId: string) => {
    const c = cpById.get(cpId);
    return c ? `${t(`kinds.${c.kind}`)} ${c.masked}${c.phoneType ? ` (${t(`phoneTypes.${c.phoneType}`)})` : ""}` : cpId;
  };
  return (
    <>
      <CaseHeader s={s} nav={nav} qs={qs} />
      <div className="case-layout">
        <div>
          <PersonSection s={s} />
          <ContactPointsSection s={s} />
          <DebtsSection s={s} />
          <RelatedSection s={s} />
          <TimelineSection s={s} />
        </div>
        <div>
          <ComplianceSection s={s} panel={panel} cpLabel={cpLabel} />
          <ActionsSection s={s} templates={templates} callbackTimes={callback.times} cpLabel={cpLabel} />
        </div>
      </div>
    </>
  );
}
