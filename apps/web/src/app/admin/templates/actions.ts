"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { previewTemplate, saveTemplateVersion, type SaveTemplateVersion } from "@casebook/domain";
import { defineAction, optionalText, text } from "@/lib/action";

// The template editor's two actions, each one verb: the verb runs the lint again (the editor's lint is
// a convenience, never the guard) and checks the role again.
const admin = { roles: ["admin" as const], namespace: "adminConsole.templates" };
const templateFields = { code: text, language: text, channel: text, ruleSet: text, purpose: text, discloses: text, subject: optionalText, body: text };

export const saveTemplateAction = defineAction({
  ...admin,
  input: z.object(templateFields),
  run: async ({ ctx, input, t }) => {
    const r = await saveTemplateVersion(ctx, input as SaveTemplateVersion);
    revalidatePath("/admin/templates");
    return { ok: true, message: t("saved", { version: r.version }) };
  },
});

export const previewTemplateAction = defineAction({
  ...admin,
  input: z.object({ caseId: text, language: text, subject: optionalText, body: text }),
  run: async ({ ctx, input }) => {
    const r = await previewTemplate(ctx, { caseId: input.caseId, template: { language: input.language as "en", subject: input.subject ?? null, body: input.body } });
    return { ok: true, result: r.subject ? `${r.subject}\n\n${r.body}` : r.body };
  },
});
