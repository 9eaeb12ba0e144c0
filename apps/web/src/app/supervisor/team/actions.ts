"use server";
import { ReassignCases, reassignCases } from "@casebook/domain";
import { defineAction } from "@/lib/action";

/** The confirmed bulk reassignment: the verb re-counts under lock and audits each case. The page is not
 *  re-rendered, so the form keeps showing what was moved (reloading it shows what is left). */
export const reassignCasesAction = defineAction({
  input: ReassignCases, roles: ["supervisor", "admin"], namespace: "team",
  run: async ({ ctx, input, t }) => {
    const r = await reassignCases(ctx, input);
    return { ok: true, message: t("moved", { count: r.moved }), result: String(r.moved) };
  },
});
