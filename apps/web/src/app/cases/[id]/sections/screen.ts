import "server-only";
import type { CaseView, DomainContext, SessionUser } from "@casebook/domain";
import { formatMoney } from "@/lib/format";

/** What every section of the case screen reads: the view (one domain query), the reader and the clock. */
export interface CaseScreen {
  view: CaseView;
  user: SessionUser;
  ctx: DomainContext;
  locale: string;
  /** The agent's zone and the debtor's: every instant is shown in both. */
  agentZone: string;
  debtorZone: string;
}

export const money = (s: CaseScreen, minor: number, currency = s.view.totals.currency) => formatMoney(minor, currency, s.locale);
