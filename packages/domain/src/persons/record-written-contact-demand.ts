import { z } from "zod";
import type { DomainContext } from "../context";
import { parseInput } from "../parse-input";
import { setContactRestriction } from "./contact-restrictions";

export const RecordWrittenContactDemand = z.object({ caseId: z.uuid() });
export type RecordWrittenContactDemand = z.input<typeof RecordWrittenContactDemand>;

/** The debtor demands written contact only (letters and email): calls, voicemails, texts and visits stop (flags.writtenOnly). */
export async function recordWrittenContactDemand(ctx: DomainContext, input: RecordWrittenContactDemand): Promise<{ personId: string }> {
  const p = parseInput(RecordWrittenContactDemand, input);
  return setContactRestriction(ctx, { caseId: p.caseId, restriction: "written_demand" });
}
