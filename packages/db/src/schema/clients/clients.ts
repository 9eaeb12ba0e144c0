import { boolean, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, id } from "../_shared/columns";
import { ruleSetId } from "../_shared/enums";

/** A creditor's own rules. Money in minor units of the client's currency; rates in basis points. */
export interface ClientPolicy {
  /** Lowest settlement accepted without supervisor approval, as basis points of the balance. */
  settlementFloorBps: number;
  planMaxInstallments: number;
  planMaxMonths: number;
  planMinInstallmentMinor: number;
  /** A promise further out than this needs a plan instead. */
  promiseMaxDays: number;
  /** Days after a promise's or an installment's date that a payment still counts as on time (bank
   *  transfers take days to post). Unset: DEFAULT_PAYMENT_GRACE_DAYS in the domain. */
  paymentGraceDays?: number;
  commissionBps: number;
  /** Callback numbers shown in messages, by region (US state, CN province, or "default"). */
  callbackNumbers: Record<string, string>;
  /** The agency identity printed at the top of the client's letters; unset: the letter channel's configured
   *  letterhead (LETTER_LETTERHEAD). Versioned with the rest of the policy, so a letter reprinted for
   *  evidence shows the letterhead of its decision's time. */
  letterhead?: ClientLetterhead;
  /** Tightenings of the rule set's parameters (packages/compliance refuses loosening). */
  compliance?: {
    callWindow?: { from: string; to: string };
    maxCallsPer7Days?: number;
  };
}

export interface ClientLetterhead {
  /** The agency's trading name under which it collects for this client. */
  tradingName: string;
  addressLines: string[];
  /** E.164; printed under the address. */
  phone?: string;
  /** A licence or registration line ("NYC DCWP licence 1234567"). */
  referenceLine?: string;
}

export const clients = pgTable("clients", {
  id: id(),
  code: text().notNull().unique(),
  name: text().notNull(),
  /** ISO 3166 alpha-2 of the portfolio. */
  country: text().notNull(),
  currency: text().notNull(),
  /** Base rule set; the account's jurisdiction may add an overlay (US-MA). */
  ruleSet: ruleSetId().notNull(),
  agencyName: text().notNull(),
  policy: jsonb().$type<ClientPolicy>().notNull(),
  active: boolean().notNull().default(true),
  createdAt: createdAt(),
});
