import "server-only";
import { getLocale } from "next-intl/server";
import { requireUser } from "@casebook/auth";
import type { DomainContext, SessionUser } from "@casebook/domain";
import { contextFor } from "./context";
import { toActionState, type ActionState } from "./errors";

export function formValues(fd: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of fd.entries()) if (typeof v === "string" && !k.startsWith("$ACTION")) out[k] = v;
  return out;
}

/** The thin server action: resolve the session, build the context, call one verb, map its error once. */
export async function runAction(
  fd: FormData,
  body: (ctx: DomainContext, values: Record<string, string>, user: SessionUser) => Promise<ActionState>,
): Promise<ActionState> {
  const user = await requireUser();
  const ctx = await contextFor(user);
  const values = formValues(fd);
  try {
    return await body(ctx, values, user);
  } catch (error) {
    return toActionState(error, await getLocale(), values);
  }
}

export const checked = (v: string | undefined) => v === "on" || v === "true";
export const optional = (v: string | undefined) => (v && v.trim() !== "" ? v.trim() : undefined);
