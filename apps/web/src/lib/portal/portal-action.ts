import "server-only";
import { getLocale, getTranslations } from "next-intl/server";
import { unstable_rethrow } from "next/navigation";
import { logSafeMessage } from "@casebook/config";
import { DomainError, type DomainContext } from "@casebook/domain";
import { translateError, type Translate } from "@/lib/errors";
import { portalContext } from "./session";

/** What a portal form shows after its action: one sentence, and a link when the action made one. */
export interface PortalState {
  error?: string;
  /** The form field the error is about (for aria-describedby). */
  field?: string;
  message?: string;
  link?: { href: string; label: string };
}

export async function portalError(error: unknown): Promise<PortalState> {
  unstable_rethrow(error);
  const t = (await getTranslations("errors")) as unknown as Translate;
  if (error instanceof DomainError) {
    const field = (error as DomainError & { field?: string }).field;
    return { error: translateError(error.key, error.params, t, { locale: await getLocale(), agentZone: "UTC" }), ...(field ? { field } : {}) };
  }
  console.error(JSON.stringify({ level: "error", msg: "portal action failed", err: logSafeMessage(error) }));
  return { error: (await getTranslations("portal"))("failed") };
}

/**
 * The one wrapper of the portal's signed-in actions: the debtor's own session (not a staff one, see
 * session.ts), one domain verb, its error translated. No personal data in what it logs.
 */
export function portalAction(run: (ctx: DomainContext, fd: FormData) => Promise<PortalState>) {
  return async (_state: PortalState, fd: FormData): Promise<PortalState> => {
    const ctx = await portalContext();
    try {
      return await run(ctx, fd);
    } catch (error) {
      return portalError(error);
    }
  };
}
