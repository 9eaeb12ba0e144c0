import { getTranslations } from "next-intl/server";
import { listClientRuleSets, type PolicyInForce } from "@casebook/domain";
import { requireRole } from "@/lib/auth";
import { contextFor } from "@/lib/context";
import { ActionForm } from "@/components/action-form";
import { createClientAction } from "../../actions";
import { policyFields } from "../policy-fields";

/** Version 1's starting values: the agency's usual terms; no callback number (the client's own is
 *  required), no tighter hours or cap (the rule set's), no letterhead (the agency's configured one). */
const NEW_CLIENT_POLICY: PolicyInForce["policy"] = {
  settlementFloorBps: 6000, planMaxInstallments: 12, planMaxMonths: 12, planMinInstallmentMinor: 2500, promiseMaxDays: 30, commissionBps: 2500, callbackNumbers: {},
};

/**
 * Onboarding a client (issue 14): code, name, country, currency, rule set and agency name, and policy
 * version 1. The rule set, country and currency are fixed once the client exists (RULES.md); each rule
 * set is offered with the default strategy its cases will be planned with, and one without a published
 * default is refused by the verb next to the field.
 */
export default async function NewClientPage() {
  const user = await requireRole("admin");
  const ruleSets = await listClientRuleSets(await contextFor(user));
  const t = await getTranslations("adminConsole.clients");
  const ruleSetOptions = ruleSets.map(({ ruleSet, strategy }) => ({
    value: ruleSet,
    label: strategy ? t("ruleSetOption", { ruleSet, strategy: strategy.name, version: strategy.version }) : t("ruleSetNoStrategy", { ruleSet }),
  }));
  return (
    <>
      <h1>{t("newTitle")}</h1>
      <p className="muted">{t("newIntro")}</p>
      <section className="panel">
        <ActionForm action={createClientAction} submitLabel={t("createSubmit")} testId="create-client" fields={[
          { name: "code", label: t("code"), required: true, placeholder: "JADE-CREDIT", help: t("codeHelp") },
          { name: "name", label: t("name"), required: true },
          { name: "country", label: t("country"), required: true, placeholder: "CN", help: t("countryHelp") },
          { name: "currency", label: t("currency"), required: true, placeholder: "CNY", help: t("currencyHelp") },
          { name: "ruleSet", label: t("ruleSet"), type: "select", options: ruleSetOptions, help: t("ruleSetHelp") },
          { name: "agencyName", label: t("agency"), required: true, help: t("agencyHelp") },
          ...policyFields(t, NEW_CLIENT_POLICY),
        ]} />
      </section>
    </>
  );
}
