import { z } from "zod";
import type { DomainContext } from "../context";
import { parseInput } from "../parse-input";
import { setContactRestriction } from "./contact-restrictions";

export const RecordCallRefusal = z.object({ caseId: z.uuid() });
export type RecordCallRefusal = z.input<typeof RecordCallRefusal>;

/** The debtor refuses collection calls (CN-WRITTEN): recorded as writtenOnly, so letters and email remain (see contact-restrictions.ts for why not a cease). */
export async function recordCallRefusal(ctx: DomainContext, input: RecordCallRefusal): Promise<{ personId: string }> {
  const p = parseInput(RecordCallRefusal, input);
  return setContactRestriction(ctx, { caseId: p.caseId, restriction: "refused_calls" });
}
