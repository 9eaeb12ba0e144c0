import "server-only";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { requireRole } from "@/lib/auth";
import { parseInput, type DomainContext, type Role, type SessionUser } from "@casebook/domain";
import { contextFor } from "./context";
import { toActionState, type ActionState, type Translate } from "./errors";

const ALL_ROLES: Role[] = ["agent", "supervisor", "compliance", "admin"];

export interface ActionArgs<I> {
  ctx: DomainContext;
  input: I;
  user: SessionUser;
  /** Translations of the action's namespace ("actions" unless told). */
  t: Translate;
}

/** A server action as React's useActionState calls it. */
export type FormAction = (state: ActionState, formData: FormData) => Promise<ActionState>;

export function formValues(fd: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of fd.entries()) if (typeof v === "string" && !k.startsWith("$ACTION")) out[k] = v;
  return out;
}

/**
 * The one wrapper of every console action (dub's `withWorkspace` shape): resolve the session and the
 * role (403 otherwise) and the team (the actor carries it into every verb's access check), parse the
 * form with the action's zod schema (its errors are domain ValidationErrors, so they are translated like
 * any other), call the body (one verb), and map a domain error's key to a sentence in the user's language.
 */
export function defineAction<S extends z.ZodType>(opts: {
  input: S;
  roles?: Role[];
  namespace?: string;
  run: (args: ActionArgs<z.output<S>>) => Promise<ActionState>;
}): FormAction {
  return async (_state, fd) => {
    const user = await requireRole(...(opts.roles ?? ALL_ROLES));
    const values = formValues(fd);
    const locale = await getLocale();
    const errors = (await getTranslations("errors")) as unknown as Translate;
    const zones = { locale, agentZone: user.timeZone, ...(values.debtorZone ? { debtorZone: values.debtorZone } : {}) };
    try {
      const input = parseInput(opts.input, values);
      const ctx = await contextFor(user);
      const t = (await getTranslations(opts.namespace ?? "actions")) as unknown as Translate;
      return await opts.run({ ctx, input, user, t });
    } catch (error) {
      return toActionState(error, errors, zones, values);
    }
  };
}

/** A form's team boxes are named `team_<id>` (one per team, issue 14): the ticked ones are the teams. */
export function tickedTeams(values: Record<string, unknown>): string[] {
  return Object.entries(values).filter(([k, v]) => k.startsWith("team_") && v === "on").map(([k]) => k.slice("team_".length));
}

// Form fields as zod sees them: strings from FormData, turned into what the verbs take.
/** A checkbox: "on" when ticked, absent otherwise. */
export const checkbox = z.preprocess((v) => v === "on" || v === "true", z.boolean());
/** A "yes, I mean it" box in front of a change that ends someone's sessions: refused unticked. */
export const confirmed = checkbox.refine((v) => v, { message: "confirmation_required" });
/** An optional text: an empty field is absent. */
export const optionalText = z.preprocess((v) => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined), z.string().optional());
/** A required text (the verb checks its length and says why). */
export const text = z.preprocess((v) => (typeof v === "string" ? v : ""), z.string());
