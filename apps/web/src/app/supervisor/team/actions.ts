"use server";
import { revalidatePath } from "next/cache";
import { ReassignCases, reassignCases } from "@casebook/domain";
import { defineAction } from "@/lib/action";

/** The confirmed bulk reassignment: the verb re-counts under lock and audits each case. */
export const reassignCasesAction = defineAction({
  input: ReassignCases, roles: ["supervisor", "admin"], namespace: "team",
  run: async ({ ctx, input, t }) => {
    const r = await reassignCases(ctx, input);
    revalidatePath("/supervisor/team");
    return { ok: true, message: t("moved", { count: r.moved }), result: String(r.moved) };
  },
});
